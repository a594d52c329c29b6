using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Build.Framework;

namespace PipelineSecurity.Build.Integrity;

/// <summary>One package's findings and content hash, as one project's check established them, and when its verdict was established.</summary>
internal sealed record PackageOutcome(IReadOnlyList<IntegrityFinding> Findings, string? ContentHash, DateTime VerifiedUtc);

/// <summary>
/// The packages already checked during one build in one process, so that the tenth project referencing a package does
/// not check it a tenth time. The task registers it with MSBuild for the lifetime of one build (never longer: the next
/// build, even in a reused node, checks the packages folder again).
/// </summary>
internal sealed class IntegrityMemo
{
    private readonly ConcurrentDictionary<string, PackageOutcome> outcomes = new(StringComparer.Ordinal);

    // Lazy: a folder being walked in the background is waited for, never walked twice.
    private readonly ConcurrentDictionary<string, Lazy<NoOp.TreeStamp?>> trees = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, (string Stamp, NoOp.IntegritySnapshot? Snapshot)> snapshots = new(StringComparer.Ordinal);

    /// <summary>The memo shared by the tasks of this build in this process (MSBuild drops it when the build ends); null without one.</summary>
    public static IntegrityMemo? ForBuild(IBuildEngine? buildEngine) =>
        Infrastructure.BuildScoped.GetOrCreate(buildEngine, "PipelineSecurity.IntegrityMemo|" + typeof(IntegrityMemo).Assembly.Location, () => new IntegrityMemo());

    /// <summary>How many package folders have a stamp taken (or being taken) in this build.</summary>
    internal int FoldersStamped => trees.Count;

    public bool TryGet(string key, out PackageOutcome outcome) => outcomes.TryGetValue(key, out outcome!);

    public void Add(string key, PackageOutcome outcome) => outcomes.TryAdd(key, outcome);

    /// <summary>
    /// The project's snapshot file as read earlier in this build (by <see cref="StartPackageFolderWalk"/>) while the file
    /// keeps its change stamp; read again otherwise.
    /// </summary>
    public NoOp.IntegritySnapshot? SnapshotAt(string path)
    {
        var stamp = PackageCache.FileChangeStamp.TextOf(path);
        if (stamp is not null && snapshots.TryGetValue(path, out var known) && known.Stamp == stamp)
        {
            return known.Snapshot;
        }

        var snapshot = NoOp.IntegritySnapshot.Load(path);
        if (stamp is not null)
        {
            snapshots[path] = (stamp, snapshot);
        }

        return snapshot;
    }

    /// <summary>
    /// A package folder's <see cref="NoOp.TreeStamp"/>, taken once per build and process: replayed from its listing when
    /// that gives <paramref name="expectedDigest"/> (the digest a project's snapshot recorded from a walk), walked
    /// otherwise (and the listing saved). Either way the stamp is the one a walk would give now.
    /// </summary>
    public NoOp.TreeStamp? TreeStampOf(string folder, string? expectedDigest, NoOp.PackageFolderListings listings) =>
        trees.GetOrAdd(folder, path => new Lazy<NoOp.TreeStamp?>(() => TakeStamp(path, expectedDigest, listings), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>As <see cref="TreeStampOf"/>, without remembering it.</summary>
    public static NoOp.TreeStamp? TakeStamp(string folder, string? expectedDigest, NoOp.PackageFolderListings listings)
    {
        var listing = expectedDigest is null ? null : listings.Read(folder);
        if (listing is not null && NoOp.TreeStamp.Replay(folder, listing) is { } replayed && replayed.Digest == expectedDigest)
        {
            return replayed;
        }

        var entries = new List<string>();
        var walked = NoOp.TreeStamp.Of(folder, entries);
        if (walked is not null && !(listing?.SequenceEqual(entries, StringComparer.Ordinal) ?? false))
        {
            listings.Save(folder, entries);
        }

        return walked;
    }

    /// <summary>
    /// Starts, in the background on one thread, reading the project's snapshot at <paramref name="snapshotFile"/> and
    /// taking the stamps of the package folders it watched (each with the digest it recorded), and returns at once: the
    /// check that needs them later in the project's build then finds them done, waits for the one under way, and takes
    /// any not reached yet itself. Even the snapshot's read is left to the thread: in a node's first project it is most
    /// of the task's time (loading and compiling the code that reads it). One thread, not more: with -m every core
    /// already runs a node of its own, each doing the same.
    /// </summary>
    /// <returns>The walk, for tests to wait on.</returns>
    public Task StartWalking(string snapshotFile, NoOp.PackageFolderListings listings) => Task.Run(() =>
    {
        try
        {
            if (SnapshotAt(snapshotFile) is not { } snapshot)
            {
                return;
            }

            foreach (var folder in snapshot.Folders)
            {
                try
                {
                    TreeStampOf(folder.Key, folder.Value, listings);
                }
                catch (Exception)
                {
                    // Only a head start: the check takes the stamp itself and reports what goes wrong.
                    trees.TryRemove(folder.Key, out _);
                }
            }
        }
        catch (Exception)
        {
            // The check reads the snapshot itself.
        }
    });
}
