using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

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
    private readonly ConcurrentDictionary<string, NoOp.TreeStamp?> trees = new(StringComparer.Ordinal);

    public bool TryGet(string key, out PackageOutcome outcome) => outcomes.TryGetValue(key, out outcome!);

    public void Add(string key, PackageOutcome outcome) => outcomes.TryAdd(key, outcome);

    /// <summary>A package folder's <see cref="NoOp.TreeStamp"/>, walked once per build and process.</summary>
    public NoOp.TreeStamp? TreeStampOf(string folder) => trees.GetOrAdd(folder, NoOp.TreeStamp.Of);
}
