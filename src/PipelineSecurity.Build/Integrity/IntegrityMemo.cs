using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
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
    private static readonly object RegistrationLock = new();

    private readonly ConcurrentDictionary<string, PackageOutcome> outcomes = new(StringComparer.Ordinal);

    // Lazy: a folder being walked in the background is waited for, never walked twice.
    private readonly ConcurrentDictionary<string, Lazy<NoOp.TreeStamp?>> trees = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, (string Stamp, NoOp.IntegritySnapshot? Snapshot)> snapshots = new(StringComparer.Ordinal);

    /// <summary>The memo shared by the tasks of this build in this process (MSBuild drops it when the build ends); null without one.</summary>
    public static IntegrityMemo? ForBuild(IBuildEngine? buildEngine)
    {
        if (buildEngine is not IBuildEngine4 engine)
        {
            return null;
        }

        var key = "PipelineSecurity.IntegrityMemo|" + typeof(IntegrityMemo).Assembly.Location;
        lock (RegistrationLock)
        {
            if (engine.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is IntegrityMemo memo)
            {
                return memo;
            }

            memo = new IntegrityMemo();
            engine.RegisterTaskObject(key, memo, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
            return memo;
        }
    }

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

    /// <summary>A package folder's <see cref="NoOp.TreeStamp"/>, walked once per build and process.</summary>
    public NoOp.TreeStamp? TreeStampOf(string folder) =>
        trees.GetOrAdd(folder, path => new Lazy<NoOp.TreeStamp?>(() => NoOp.TreeStamp.Of(path), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>
    /// Starts walking <paramref name="folders"/> in the background on one thread and returns at once: the check that
    /// needs their stamps later in the project's build then finds them done, waits for the one under way, and walks any
    /// not reached yet itself. One thread, not more: with -m every core already runs a node of its own, each walking.
    /// </summary>
    /// <returns>The walk, for tests to wait on.</returns>
    public Task StartWalking(IReadOnlyCollection<string> folders)
    {
        if (folders.Count == 0)
        {
            return Task.CompletedTask;
        }

        return Task.Run(() =>
        {
            foreach (var folder in folders)
            {
                try
                {
                    TreeStampOf(folder);
                }
                catch (Exception)
                {
                    // Only a head start: the check walks the folder itself and reports what goes wrong.
                    trees.TryRemove(folder, out _);
                }
            }
        });
    }
}
