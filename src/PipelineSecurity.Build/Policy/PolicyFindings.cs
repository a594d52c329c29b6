using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PipelineSecurity.Build.CodeScanning;

namespace PipelineSecurity.Build.Policy;

/// <summary>
/// The policy's verdicts as code-scanning findings: violations, warnings and excused violations (passes stay in the
/// audit log). A verdict on an analyzer finding keeps the analyzer's rule id (the report joins it with the compiler's
/// finding) and names PSF6006 as its policy code; every other verdict is a finding of its PSF6xxx code.
/// </summary>
internal static class PolicyFindings
{
    public static IReadOnlyList<ScanFinding> From(PolicyEvaluation evaluation, string projectFile)
    {
        var findings = new List<ScanFinding>();
        foreach (var verdict in evaluation.Verdicts)
        {
            if (verdict.Outcome == VerdictOutcome.Pass)
            {
                continue;
            }

            var level = verdict.Outcome == VerdictOutcome.Warn ? FindingLevel.Warning : evaluation.Mode == PolicyMode.Enforce ? FindingLevel.Error : FindingLevel.Warning;
            var analyzerFinding = verdict.Check == PolicyChecks.Analyzer && !verdict.RuleDisabledByConfiguration && verdict.RuleId is not null;
            findings.Add(new ScanFinding(analyzerFinding ? verdict.RuleId! : verdict.Code, level, verdict.Message, verdict.File ?? projectFile, verdict.Line, verdict.Column)
            {
                Source = analyzerFinding ? Sources.Analyzer : Sources.Policy,
                PolicyCode = analyzerFinding ? verdict.Code : null,
                Subject = verdict.Subject,
                IdentityText = analyzerFinding ? null : Identity(verdict),
                Suppression = Suppression(verdict),
                Baselinable = verdict.Check != PolicyChecks.Exception,
                Origin = verdict,
            });
        }

        return findings;
    }

    /// <summary>
    /// What a verdict is about, without its position or the package's version: a denied package stays the same
    /// finding when it is updated to another denied version; an advisory is told apart by its id.
    /// </summary>
    public static string Identity(PolicyVerdict verdict) =>
        string.Join("|", new[]
        {
            verdict.Check,
            verdict.PackageId ?? "",
            verdict.RuleId ?? "",
            verdict.SourcePath ?? "",
            verdict.PackageId is null && verdict.RuleId is null ? verdict.Subject : "",
            verdict.RuleDisabledByConfiguration ? "disabled" : "",
        });

    private static FindingSuppression? Suppression(PolicyVerdict verdict)
    {
        if (verdict.Outcome != VerdictOutcome.Excused)
        {
            return null;
        }

        if (verdict.ExceptionUsed is { } exception)
        {
            return new FindingSuppression(FindingSuppression.PolicyException, exception.Justification)
            {
                Properties = new Dictionary<string, string>
                {
                    ["owner"] = exception.Owner,
                    ["expires"] = exception.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["excuses"] = exception.Describe(),
                },
            };
        }

        return new FindingSuppression(verdict.ExcusedBy ?? FindingSuppression.PolicyException, verdict.ExcuseReason ?? "Excused.");
    }

    /// <summary>The verdicts with those the baseline accepted turned into excused ones (message and audit log say so).</summary>
    public static PolicyEvaluation WithBaseline(PolicyEvaluation evaluation, IReadOnlyList<ScanFinding> reported)
    {
        var baselined = new Dictionary<PolicyVerdict, string>();
        foreach (var finding in reported.Where(f => f.Suppression?.Source == FindingSuppression.Baseline && f.Origin is PolicyVerdict))
        {
            baselined[(PolicyVerdict)finding.Origin!] = finding.Suppression!.Justification;
        }

        if (baselined.Count == 0)
        {
            return evaluation;
        }

        return evaluation with
        {
            Verdicts = evaluation.Verdicts.Select(v => v.Outcome is VerdictOutcome.Fail or VerdictOutcome.Warn && baselined.TryGetValue(v, out var justification)
                ? v with
                {
                    Outcome = VerdictOutcome.Excused,
                    ExcusedBy = FindingSuppression.Baseline,
                    ExcuseReason = justification,
                    Message = v.Message + " Known finding: accepted by the baseline.",
                }
                : v).ToArray(),
        };
    }
}
