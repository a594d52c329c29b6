using System;
using System.Collections.Generic;
using System.Linq;

namespace PipelineSecurity.Build.CodeScanning.Baseline;

/// <summary>What the baseline says about a project's findings.</summary>
internal sealed record BaselineOutcome(
    IReadOnlyList<ScanFinding> Findings,
    IReadOnlyList<BaselineEntry> Stale,
    IReadOnlyList<BaselineEntry> Entries,
    IReadOnlyList<ScanFinding> NotAdded);

/// <summary>
/// Matches a project's findings with its baseline entries (rule, path and fingerprint all equal): matched findings
/// are suppressed (kind external, status accepted), entries nothing matches any more are stale. In update mode the
/// entries become the project's open findings, except that a shrink-only baseline gains no new entry.
/// </summary>
internal static class BaselineMatcher
{
    public static BaselineOutcome Apply(IReadOnlyList<ScanFinding> findings, IReadOnlyList<BaselineEntry> baseline, string project, SourceRoot root, string baselineFileName, bool update, bool shrinkOnly)
    {
        var entries = baseline.Where(e => string.Equals(e.Project, project, StringComparison.Ordinal)).ToList();
        var known = new HashSet<(string, string, string)>(entries.Select(e => (e.Rule, e.Path, e.Fingerprint)));
        var matched = new HashSet<(string, string, string)>();
        var result = new List<ScanFinding>(findings.Count);
        var current = new List<BaselineEntry>();
        var notAdded = new List<ScanFinding>();
        foreach (var finding in findings)
        {
            // Findings excused otherwise (a policy exception, NuGetAuditSuppress, the source) need no baseline entry.
            if (finding.Suppressed || finding.Fingerprint is null || !finding.Baselinable)
            {
                result.Add(finding);
                continue;
            }

            var path = root.Relative(finding.File) ?? "";
            var key = (finding.RuleId, path, finding.Fingerprint);
            var inBaseline = known.Contains(key);
            if (inBaseline)
            {
                matched.Add(key);
            }

            var accepted = inBaseline || (update && !shrinkOnly);
            if (update && !accepted)
            {
                notAdded.Add(finding);
            }

            if (accepted)
            {
                current.Add(new BaselineEntry(project, finding.RuleId, path, finding.Fingerprint));
                result.Add(finding with
                {
                    Suppression = new FindingSuppression(FindingSuppression.Baseline, $"Known finding, accepted in {baselineFileName} when the gate was turned on.")
                    {
                        Properties = new Dictionary<string, string> { ["baseline"] = baselineFileName },
                    },
                });
            }
            else
            {
                result.Add(finding);
            }
        }

        var stale = entries.Where(e => !matched.Contains((e.Rule, e.Path, e.Fingerprint))).OrderBy(e => e, BaselineEntry.Order).ToArray();
        return new BaselineOutcome(result, update ? Array.Empty<BaselineEntry>() : stale, current, notAdded);
    }
}
