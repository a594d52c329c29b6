using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using PipelineSecurity.Build.Integrity;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Integrity.PackageCache;
using PipelineSecurity.Build.Integrity.Signatures;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Integrity;

/// <summary>
/// The shared verdict store and change detection, on copies of real restored package folders: what a warm check skips,
/// what it still catches, and a store that is corrupt, foreign, planted, unwritable or written concurrently.
/// </summary>
public sealed class VerdictCacheTests : IDisposable
{
    // Stamps are trusted only once settled (older than the check by a margin); the checks run "a little later" than the
    // files were copied, as a real build after restore would.
    private readonly DateTime later;

    private readonly TemporaryDirectory temp = new();
    private readonly RestoredPackage author;
    private readonly RestoredPackage repository;
    private readonly string store;

    public VerdictCacheTests()
    {
        author = RealPackages.CopyToPackagesFolder(temp.Combine("packages"), RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion);
        repository = RealPackages.CopyToPackagesFolder(temp.Combine("packages"), RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion);
        store = temp.Combine("packages", ".pipeline-security", "verdicts");
        later = DateTime.UtcNow.AddSeconds(30);
    }

    public void Dispose() => temp.Dispose();

    private IntegrityResult Verify(DateTime? now = null, bool full = false, IntegrityMemo? memo = null, string? storeFolder = null, params RestoredPackage[] packages) =>
        PackageIntegrityVerifier.Verify(new IntegrityRequest(packages.Length > 0 ? packages : new[] { author, repository }, true, true, SignaturePolicy.Default, storeFolder ?? store)
        {
            NowUtc = now ?? later,
            FullVerification = full,
            Memo = memo,
        });

    private string Dll => Path.Combine(author.Folder, "lib", "netstandard2.0", "Newtonsoft.Json.dll");

    /// <summary>Changes one byte of a file and gives it back its modification and access times, as <c>touch -r</c> would.</summary>
    private static void EditKeepingTimes(string path)
    {
        var modified = File.GetLastWriteTimeUtc(path);
        var accessed = File.GetLastAccessTimeUtc(path);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, modified);
        File.SetLastAccessTimeUtc(path, accessed);
    }

    [Fact]
    public void A_warm_check_reuses_every_verdict_and_hashes_no_unchanged_file()
    {
        Assert.True(FileChangeStamp.Supported, "change stamps are expected on Linux and macOS");
        var cold = Verify();
        var warm = Verify();

        Assert.Empty(cold.Findings);
        Assert.Equal(0, cold.CacheHits);
        Assert.True(cold.FilesHashed > 10, cold.FilesHashed.ToString());
        Assert.Empty(warm.Findings);
        Assert.Equal(2, warm.CacheHits);
        Assert.Equal(0, warm.FilesHashed);
        Assert.True(File.Exists(Path.Combine(store, "newtonsoft.json.13.0.3." + RecordSuffix(author))));
    }

    [Fact]
    public void A_file_edited_and_given_back_its_modification_time_is_caught_and_only_it_is_hashed()
    {
        Verify();
        EditKeepingTimes(Dll);

        var tampered = Verify();

        var finding = Assert.Single(tampered.Findings);
        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, finding.Code);
        Assert.Contains("lib/netstandard2.0/Newtonsoft.Json.dll", finding.Message);
        Assert.Equal(1, tampered.FilesHashed);
        // And it stays caught: a file found changed is never recorded as good.
        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, Assert.Single(Verify().Findings).Code);
    }

    [Fact]
    public void A_changed_byte_in_a_nupkg_with_its_times_restored_fails_the_signature_and_the_recorded_hash()
    {
        Verify();
        var modified = File.GetLastWriteTimeUtc(author.NupkgPath);
        RealPackages.FlipByteInLargestEntry(author.NupkgPath);
        File.SetLastWriteTimeUtc(author.NupkgPath, modified);

        var codes = Verify().Findings.Select(f => f.Code).ToArray();

        Assert.Contains(BuildDiagnosticIds.PackageSignatureInvalid, codes);
        Assert.Contains(BuildDiagnosticIds.PackageCacheHashMismatch, codes);
    }

    [Fact]
    public void Files_changed_within_the_settle_margin_of_a_check_are_hashed_again_next_time()
    {
        var now = DateTime.UtcNow;
        Verify(now);
        var second = Verify(now);

        Assert.Equal(2, second.CacheHits);
        Assert.True(second.FilesHashed > 10, "files copied a moment ago are not trusted by their stamps yet");
    }

    [Fact]
    public void Verdicts_older_than_a_day_and_every_verdict_under_full_verification_are_redone()
    {
        var first = Verify();
        var nextDay = Verify(later + VerdictCache.MaximumAge);
        var full = Verify(later + VerdictCache.MaximumAge, full: true);

        Assert.Equal(0, nextDay.CacheHits);
        Assert.Equal(first.FilesHashed, nextDay.FilesHashed);
        Assert.Equal(0, full.CacheHits);
        Assert.Equal(first.FilesHashed, full.FilesHashed);
        Assert.Empty(full.Findings);
    }

    [Fact]
    public void Another_project_of_the_same_build_reuses_the_outcome_and_its_findings()
    {
        var memo = new IntegrityMemo();
        EditKeepingTimes(Dll);

        var first = Verify(memo: memo);
        var second = Verify(memo: memo);

        Assert.Equal(0, first.MemoHits);
        Assert.Equal(2, second.MemoHits);
        Assert.Equal(0, second.FilesHashed);
        Assert.Equal(first.Findings.Select(f => f.Code), second.Findings.Select(f => f.Code));
        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, Assert.Single(second.Findings).Code);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("other-format")]
    [InlineData("other-folder")]
    [InlineData("truncated")]
    public void A_corrupt_or_foreign_record_is_ignored_and_never_hides_a_tamper(string damage)
    {
        Verify();
        var record = Directory.GetFiles(store, "newtonsoft.json.*.json").Single();
        var text = File.ReadAllText(record);
        File.WriteAllText(record, damage switch
        {
            "garbage" => "{ not json",
            "other-format" => text.Replace("PipelineSecurity.IntegrityVerdict/2", "PipelineSecurity.IntegrityVerdict/1"),
            "other-folder" => text.Replace(VerdictCache.NormalizedFolder(author).Replace("\\", "\\\\"), "/elsewhere/newtonsoft.json/13.0.3"),
            _ => text.Substring(0, text.Length / 2),
        });
        EditKeepingTimes(Dll);

        var result = Verify();

        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, Assert.Single(result.Findings).Code);
        Assert.Equal(1, result.CacheHits);
        // The damaged record was replaced by a valid one.
        Assert.NotNull(VerdictCache.Open(store).Load(author));
    }

    [Fact]
    public void A_packages_folder_copied_with_its_store_and_times_is_hashed_again()
    {
        // What a CI cache restore does: same paths, same modification times, new inodes and change times.
        Verify();
        var original = author.Folder.TrimEnd('/') + ".moved";
        Directory.Move(author.Folder, original);
        Run("cp", "-a", original, author.Folder.TrimEnd('/'));
        Directory.Delete(original, recursive: true);

        var result = Verify(packages: author);

        Assert.Empty(result.Findings);
        Assert.Equal(1, result.CacheHits);
        Assert.True(result.FilesHashed > 3, result.FilesHashed.ToString());
    }

    [Fact]
    public async Task A_fifo_in_place_of_a_record_or_of_a_package_file_never_blocks_the_check()
    {
        Verify();
        var record = Directory.GetFiles(store, "serilog.*.json").Single();
        File.Delete(record);
        Run("mkfifo", record);
        File.Delete(Dll);
        Run("mkfifo", Dll);

        var check = Task.Run(() => Verify());
        Assert.Same(check, await Task.WhenAny(check, Task.Delay(TimeSpan.FromSeconds(60))));

        var finding = Assert.Single((await check).Findings);
        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, finding.Code);
        Assert.Contains("lib/netstandard2.0/Newtonsoft.Json.dll", finding.Message);
    }

    [Fact]
    public void A_store_that_cannot_be_written_changes_no_result_and_is_not_retried_per_package()
    {
        var blocker = temp.Combine("blocked");
        File.WriteAllText(blocker, "a file where the store folder should be");
        EditKeepingTimes(Dll);

        var first = Verify(storeFolder: Path.Combine(blocker, "verdicts"));
        var second = Verify(storeFolder: Path.Combine(blocker, "verdicts"));

        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, Assert.Single(first.Findings).Code);
        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, Assert.Single(second.Findings).Code);
        Assert.Equal(0, second.CacheHits);
    }

    [Fact]
    public void Concurrent_checks_sharing_one_store_leave_every_record_whole()
    {
        Parallel.For(0, 12, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i => Assert.Empty(Verify().Findings));

        Assert.Empty(Directory.GetFiles(store, "*.tmp"));
        Assert.Equal(2, Directory.GetFiles(store, "*.json").Length);
        Assert.NotNull(VerdictCache.Open(store).Load(author));
        Assert.NotNull(VerdictCache.Open(store).Load(repository));
        var warm = Verify();
        Assert.Equal(2, warm.CacheHits);
        Assert.Equal(0, warm.FilesHashed);
    }

    private static string RecordSuffix(RestoredPackage package)
    {
        using var sha = System.Security.Cryptography.SHA256.Create();
        var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(VerdictCache.NormalizedFolder(package)));
        return Convert.ToHexString(hash, 0, 6).ToLowerInvariant() + ".json";
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
