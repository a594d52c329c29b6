using System;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.Integrity;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Integrity.NoOp;

/// <summary>
/// The project's integrity snapshot through the real task over a real restore: a no-op run replays the last check's
/// findings without parsing the restore, and anything the check reads that changes (a package file, even with its time
/// put back; the lock file; a nuget.config with trustedSigners; the day) makes the next run check in full.
/// </summary>
public sealed class IntegritySnapshotTests
{
    /// <summary>The test just wrote every file: a clock past the settle margin lets a run record their stamps.</summary>
    private static DateTime Settled() => DateTime.UtcNow + Build.Integrity.PackageCache.FileChangeStamp.SettleMargin + TimeSpan.FromSeconds(1);

    /// <summary>The check of one run; a new engine (the default) is a new build, with no memo shared with the last one.</summary>
    private static (VerifyPackageIntegrity Task, RecordingBuildEngine Engine) Task(
        RestoredConsumer consumer, DateTime now, Action<VerifyPackageIntegrity>? configure = null, RecordingBuildEngine? build = null)
    {
        var engine = build ?? new RecordingBuildEngine();
        var task = new VerifyPackageIntegrity
        {
            BuildEngine = engine,
            AssetsFile = consumer.AssetsFile,
            ProjectDirectory = consumer.ProjectDirectory,
            LockFile = consumer.LockFile,
            VerdictStore = StoreOf(consumer),
            SnapshotFile = SnapshotOf(consumer),
            NowUtc = now,
        };
        configure?.Invoke(task);
        return (task, engine);
    }

    private static string StoreOf(RestoredConsumer consumer) => Path.Combine(consumer.ProjectDirectory, "obj", "pipeline-security", "verdicts");

    private static string SnapshotOf(RestoredConsumer consumer) => Path.Combine(consumer.ProjectDirectory, "obj", "pipeline-security", "integrity.snapshot");

    private static bool Replayed(RecordingBuildEngine engine) => engine.Messages.Any(m => m.Message!.Contains("since this project's check of"));

    private static string[] Outcome(RecordingBuildEngine engine) =>
        engine.Errors.Select(e => $"E {e.Code} {e.File}({e.LineNumber}) {e.Message}")
            .Concat(engine.Warnings.Select(w => $"W {w.Code} {w.File}({w.LineNumber}) {w.Message}")).ToArray();

    private static void TrustSomeoneElse(RestoredConsumer consumer, string folder)
    {
        var otherAuthor = string.Concat(Enumerable.Repeat("AB", 32));
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <trustedSigners>
                <author name="someone"><certificate fingerprint="{otherAuthor}" hashAlgorithm="SHA256" allowUntrustedRoot="false" /></author>
              </trustedSigners>
            </configuration>
            """);
    }

    [Fact]
    public void A_no_op_run_replays_the_findings_of_the_last_check_and_hashes_nothing()
    {
        using var consumer = RestoredConsumer.Create();
        TrustSomeoneElse(consumer, consumer.ProjectDirectory);
        var later = Settled();
        var (first, firstEngine) = Task(consumer, later);
        Assert.False(first.Execute());
        Assert.True(File.Exists(SnapshotOf(consumer)));

        var (second, secondEngine) = Task(consumer, later);
        Assert.False(second.Execute());

        Assert.False(Replayed(firstEngine));
        Assert.True(Replayed(secondEngine));
        Assert.Equal(2, secondEngine.Errors.Count(e => e.Code == BuildDiagnosticIds.PackageSignerNotTrusted));
        Assert.Equal(Outcome(firstEngine), Outcome(secondEngine));
        Assert.Equal(first.PackagesChecked, second.PackagesChecked);
        Assert.Equal(0, second.FilesHashed);
        Assert.All(secondEngine.Errors, e => Assert.False(string.IsNullOrEmpty(e.HelpKeyword + e.HelpLink)));
    }

    [Fact]
    public void A_package_file_edited_with_its_time_restored_after_the_snapshot_is_caught()
    {
        using var consumer = RestoredConsumer.Create();
        var later = Settled();
        var (first, _) = Task(consumer, later);
        Assert.True(first.Execute());
        var (noOp, noOpEngine) = Task(consumer, later);
        Assert.True(noOp.Execute());
        Assert.True(Replayed(noOpEngine));

        var dll = Path.Combine(consumer.PackageFolder(RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion), "lib", "net6.0", "Newtonsoft.Json.dll");
        var written = File.GetLastWriteTimeUtc(dll);
        var bytes = File.ReadAllBytes(dll);
        bytes[bytes.Length / 2] ^= 0x20;
        File.WriteAllBytes(dll, bytes);
        File.SetLastWriteTimeUtc(dll, written);
        var (after, afterEngine) = Task(consumer, later + TimeSpan.FromSeconds(5));

        Assert.False(after.Execute());
        Assert.False(Replayed(afterEngine));
        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, Assert.Single(afterEngine.Errors).Code);
        // And it stays caught: the failing check's snapshot records the tampered state with its finding.
        var (again, againEngine) = Task(consumer, later + TimeSpan.FromSeconds(10));
        Assert.False(again.Execute());
        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, Assert.Single(againEngine.Errors).Code);
    }

    [Fact]
    public void A_no_op_run_takes_the_folders_stamps_from_their_listings_and_a_stale_listing_never_hides_an_added_file()
    {
        using var consumer = RestoredConsumer.Create();
        var later = Settled();
        var (first, _) = Task(consumer, later);
        Assert.True(first.Execute());
        var store = StoreOf(consumer);
        var listings = Directory.GetFiles(store, "*.listing");
        Assert.NotEmpty(listings);

        // A no-op run stats the listed entries and lists no directory.
        var listedBefore = Build.Integrity.NoOp.TreeStamp.DirectoriesListedOnThisThread;
        var (noOp, noOpEngine) = Task(consumer, later);
        Assert.True(noOp.Execute());
        Assert.True(Replayed(noOpEngine));
        Assert.Equal(listedBefore, Build.Integrity.NoOp.TreeStamp.DirectoriesListedOnThisThread);

        // A file added to a package folder is not in its listing; its folder's new ctime still shows, the folder is
        // walked, and the file is reported.
        var folder = consumer.PackageFolder(RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion);
        var listingsBefore = listings.ToDictionary(path => path, File.ReadAllText);
        File.WriteAllText(Path.Combine(folder, "lib", "net6.0", "Injected.dll"), "MZ");
        var (after, afterEngine) = Task(consumer, later + TimeSpan.FromSeconds(5));

        Assert.False(after.Execute());
        Assert.False(Replayed(afterEngine));
        Assert.Contains(afterEngine.Errors, e => e.Code == BuildDiagnosticIds.PackageCacheFileTampered && e.Message!.Contains("Injected.dll"));
        Assert.Contains(Directory.GetFiles(store, "*.listing"), path => listingsBefore.TryGetValue(path, out var text) && text != File.ReadAllText(path)
                                                                       && File.ReadAllText(path).Contains("lib/net6.0/Injected.dll"));
    }

    [Fact]
    public void A_damaged_or_foreign_listing_costs_a_walk_and_the_check_still_replays()
    {
        using var consumer = RestoredConsumer.Create();
        var later = Settled();
        var (first, _) = Task(consumer, later);
        Assert.True(first.Execute());
        var store = StoreOf(consumer);
        var listings = Directory.GetFiles(store, "*.listing").OrderBy(path => path, StringComparer.Ordinal).ToArray();
        Assert.True(listings.Length >= 2);
        File.Copy(listings[1], listings[0], overwrite: true); // another folder's listing under this one's name
        File.WriteAllText(listings[1], File.ReadAllText(listings[1]).Replace("\nend\n", "\n")); // cut short
        AssertReplayedAfterAWalk();

        File.WriteAllText(listings[0], "not a listing");
        AssertReplayedAfterAWalk();

        void AssertReplayedAfterAWalk()
        {
            var listedBefore = Build.Integrity.NoOp.TreeStamp.DirectoriesListedOnThisThread;
            var (noOp, noOpEngine) = Task(consumer, later);
            Assert.True(noOp.Execute());

            Assert.True(Replayed(noOpEngine));
            Assert.True(Build.Integrity.NoOp.TreeStamp.DirectoriesListedOnThisThread > listedBefore);
        }
    }

    [Fact]
    public void Where_no_listing_can_be_written_each_run_walks_replays_and_still_catches_a_tamper()
    {
        using var consumer = RestoredConsumer.Create();
        var blocker = Path.Combine(consumer.ProjectDirectory, "obj", "blocked");
        Directory.CreateDirectory(Path.GetDirectoryName(blocker)!);
        File.WriteAllText(blocker, "a file where the store folder should be");
        void Blocked(VerifyPackageIntegrity task) => task.VerdictStore = Path.Combine(blocker, "verdicts");
        var later = Settled();
        var (first, firstEngine) = Task(consumer, later, Blocked);
        Assert.True(first.Execute(), string.Join("\n", Outcome(firstEngine)));

        var listedBefore = Build.Integrity.NoOp.TreeStamp.DirectoriesListedOnThisThread;
        var (noOp, noOpEngine) = Task(consumer, later, Blocked);
        Assert.True(noOp.Execute());
        Assert.True(Replayed(noOpEngine));
        Assert.True(Build.Integrity.NoOp.TreeStamp.DirectoriesListedOnThisThread > listedBefore);

        var dll = Path.Combine(consumer.PackageFolder(RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion), "lib", "net6.0", "Newtonsoft.Json.dll");
        var written = File.GetLastWriteTimeUtc(dll);
        File.AppendAllText(dll, "x");
        File.SetLastWriteTimeUtc(dll, written);
        var (after, afterEngine) = Task(consumer, later + TimeSpan.FromSeconds(5), Blocked);
        Assert.False(after.Execute());
        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, Assert.Single(afterEngine.Errors).Code);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_walk_started_as_the_build_begins_is_what_its_check_uses_and_the_next_build_walks_again()
    {
        using var consumer = RestoredConsumer.Create();
        var later = Settled();
        var (first, _) = Task(consumer, later);
        Assert.True(first.Execute());

        // One build: the walk runs as it begins, a file is tampered with while its targets run, then its check replays.
        var engine = new RecordingBuildEngine();
        var start = new StartPackageFolderWalk { BuildEngine = engine, SnapshotFile = SnapshotOf(consumer) };
        Assert.True(start.Execute());
        await start.Walk;
        var dll = Path.Combine(consumer.PackageFolder(RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion), "lib", "net6.0", "Newtonsoft.Json.dll");
        var written = File.GetLastWriteTimeUtc(dll);
        File.AppendAllText(dll, "x");
        File.SetLastWriteTimeUtc(dll, written);
        var (sameBuild, _) = Task(consumer, later, build: engine);
        Assert.True(sameBuild.Execute());
        Assert.True(Replayed(engine));

        // The next build walks the folders again and catches it.
        var (next, nextEngine) = Task(consumer, later + TimeSpan.FromSeconds(5));
        Assert.False(next.Execute());
        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, Assert.Single(nextEngine.Errors).Code);
    }

    [Fact]
    public void A_build_reads_the_snapshot_once_and_again_only_after_it_is_replaced()
    {
        using var consumer = RestoredConsumer.Create();
        var (first, _) = Task(consumer, Settled());
        Assert.True(first.Execute());
        var memo = IntegrityMemo.ForBuild(new RecordingBuildEngine())!;

        var atStart = memo.SnapshotAt(SnapshotOf(consumer));
        Assert.NotNull(atStart);
        Assert.Same(atStart, memo.SnapshotAt(SnapshotOf(consumer)));

        var copy = SnapshotOf(consumer) + ".copy";
        File.Copy(SnapshotOf(consumer), copy);
        File.Move(copy, SnapshotOf(consumer), overwrite: true);
        var replaced = memo.SnapshotAt(SnapshotOf(consumer));
        Assert.NotSame(atStart, replaced);
        Assert.Equal(atStart!.Key, replaced!.Key);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("corrupt")]
    [InlineData("no engine memo")]
    public async System.Threading.Tasks.Task Starting_the_walk_without_a_whole_snapshot_or_a_build_memo_does_nothing_and_never_fails(string situation)
    {
        using var consumer = RestoredConsumer.Create();
        var later = Settled();
        var (first, _) = Task(consumer, later);
        Assert.True(first.Execute());
        if (situation == "missing")
        {
            File.Delete(SnapshotOf(consumer));
        }
        else if (situation == "corrupt")
        {
            File.WriteAllText(SnapshotOf(consumer), "PipelineSecurity.IntegritySnapshot/1\nfolder\t=%%%\nend\n");
        }

        var engine = new RecordingBuildEngine();
        var start = new StartPackageFolderWalk
        {
            BuildEngine = situation == "no engine memo" ? new EngineWithoutTaskObjects(engine) : engine,
            SnapshotFile = SnapshotOf(consumer),
        };

        Assert.True(start.Execute());
        await start.Walk;
        Assert.Equal(0, IntegrityMemo.ForBuild(engine)!.FoldersStamped);
        Assert.Empty(engine.Errors);
        Assert.Empty(engine.Warnings);
    }

    [Fact]
    public void A_nuget_config_with_trusted_signers_added_above_the_project_is_seen()
    {
        using var consumer = RestoredConsumer.Create();
        var later = Settled();
        var (first, _) = Task(consumer, later);
        Assert.True(first.Execute());

        TrustSomeoneElse(consumer, Path.GetDirectoryName(consumer.ProjectDirectory)!);
        var (after, afterEngine) = Task(consumer, later + TimeSpan.FromSeconds(5));

        Assert.False(after.Execute());
        Assert.False(Replayed(afterEngine));
        Assert.Equal(2, afterEngine.Errors.Count(e => e.Code == BuildDiagnosticIds.PackageSignerNotTrusted));
    }

    [Fact]
    public void A_changed_lock_file_other_settings_or_an_aged_verdict_make_a_full_check()
    {
        using var consumer = RestoredConsumer.Create();
        var later = Settled();
        var (first, _) = Task(consumer, later);
        Assert.True(first.Execute());

        var (otherSettings, otherSettingsEngine) = Task(consumer, later, configure: t => t.RequiredSignature = "repository");
        otherSettings.Execute();
        Assert.False(Replayed(otherSettingsEngine));

        var (nextDay, nextDayEngine) = Task(consumer, later + TimeSpan.FromHours(25));
        Assert.True(nextDay.Execute());
        Assert.False(Replayed(nextDayEngine));
        Assert.True(nextDay.FilesHashed > 0); // the verdicts aged too: the packages were verified again in full

        var (clockBack, clockBackEngine) = Task(consumer, later - TimeSpan.FromHours(1));
        clockBack.Execute();
        Assert.False(Replayed(clockBackEngine));

        File.AppendAllText(consumer.LockFile, " ");
        var (lockChanged, lockChangedEngine) = Task(consumer, later + TimeSpan.FromHours(26));
        lockChanged.Execute();
        Assert.False(Replayed(lockChangedEngine));
    }

    [Fact]
    public void Full_verification_never_replays_and_stamps_too_recent_are_not_recorded()
    {
        using var consumer = RestoredConsumer.Create();
        var (unsettled, _) = Task(consumer, DateTime.UtcNow);
        Assert.True(unsettled.Execute());
        Assert.False(File.Exists(SnapshotOf(consumer)));

        var later = Settled();
        var (first, _) = Task(consumer, later);
        Assert.True(first.Execute());
        var (full, fullEngine) = Task(consumer, later, configure: t => t.FullVerification = true);
        Assert.True(full.Execute());

        Assert.False(Replayed(fullEngine));
        Assert.True(full.FilesHashed > 0);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("PipelineSecurity.IntegritySnapshot/1\nkey\tother\nwritten\t1\noldest\t1\npackages\t2\nend\n")]
    [InlineData("truncated")]
    [InlineData("directory")]
    public void A_corrupt_foreign_truncated_or_unwritable_snapshot_is_ignored_and_never_hides_a_tamper(string damage)
    {
        using var consumer = RestoredConsumer.Create();
        var later = Settled();
        var (first, _) = Task(consumer, later);
        Assert.True(first.Execute());
        var snapshot = SnapshotOf(consumer);
        switch (damage)
        {
            case "truncated":
                var text = File.ReadAllText(snapshot);
                File.WriteAllText(snapshot, text.Substring(0, text.Length - 5));
                break;
            case "directory":
                File.Delete(snapshot);
                Directory.CreateDirectory(snapshot);
                break;
            default:
                File.WriteAllText(snapshot, damage);
                break;
        }

        var dll = Path.Combine(consumer.PackageFolder(RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion), "lib", "net6.0", "Newtonsoft.Json.dll");
        File.WriteAllText(dll, "not the real assembly");
        var (after, afterEngine) = Task(consumer, later + TimeSpan.FromSeconds(5));

        Assert.False(after.Execute());
        Assert.False(Replayed(afterEngine));
        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, Assert.Single(afterEngine.Errors).Code);
    }
}
