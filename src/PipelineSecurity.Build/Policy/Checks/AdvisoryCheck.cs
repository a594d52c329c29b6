using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.Policy.Advisories;
using PipelineSecurity.Build.Policy.Inputs;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Policy.Json;

namespace PipelineSecurity.Build.Policy.Checks;

/// <summary>The "advisories" section.</summary>
internal sealed record AdvisoryRules(
    string? DatabasePath,
    AdvisorySeverity MinimumSeverity,
    bool UseNuGetAudit,
    TextPosition Position,
    TextPosition? DatabasePosition)
{
    /// <summary>Whether the policy sets "severity" itself (it then wins over the project's NuGetAuditLevel).</summary>
    public bool MinimumSeveritySet { get; init; }
}

/// <summary>
/// "advisories": every restored package version against an offline OSV database and NuGetAudit's own findings, at or
/// above a severity (PSF6005), with the fixed version to update to. The project's NuGetAudit settings are honoured
/// (<see cref="NuGetAuditSettings"/>): a NuGetAuditSuppress item excuses its advisory with its own reason, and
/// NuGetAuditLevel is the threshold when the policy sets no "severity" (the policy wins when both speak).
/// </summary>
internal sealed class AdvisoryCheck : PolicyCheck<AdvisoryRules>
{
    private static readonly string[] Keys = { "database", "severity", "useNuGetAudit" };

    private static readonly Dictionary<string, AdvisorySeverity> Severities = new()
    {
        ["low"] = AdvisorySeverity.Low,
        ["moderate"] = AdvisorySeverity.Moderate,
        ["high"] = AdvisorySeverity.High,
        ["critical"] = AdvisorySeverity.Critical,
    };

    public override IReadOnlyList<string> Sections { get; } = new[] { "advisories" };

    protected override AdvisoryRules? Read(PolicySectionReader reader, IReadOnlyDictionary<string, PositionedJson> sections)
    {
        if (!sections.TryGetValue("advisories", out var node) || reader.Object(node, "'advisories'", Keys) is not { } advisories)
        {
            return null;
        }

        string? database = null;
        TextPosition? databasePosition = null;
        if (advisories.TryGetValue("database", out var databaseNode) && reader.String(databaseNode, "'advisories.database'") is { } text)
        {
            // Relative to the policy file, so the same policy works from every project of the repository.
            database = Path.GetFullPath(Path.Combine(reader.PolicyFolder, text));
            databasePosition = databaseNode.Position;
        }

        var severity = advisories.TryGetValue("severity", out var severityNode) ? reader.Enum(severityNode, "advisories.severity", Severities) : AdvisorySeverity.Low;
        var useNuGetAudit = !advisories.TryGetValue("useNuGetAudit", out var auditNode) || reader.Boolean(auditNode, "'advisories.useNuGetAudit'");
        return new AdvisoryRules(database, severity, useNuGetAudit, node.Position, databasePosition) { MinimumSeveritySet = advisories.ContainsKey("severity") };
    }

    protected override IEnumerable<PolicyVerdict> Evaluate(AdvisoryRules rules, PolicyEvaluationRequest request) =>
        request.Packages.SelectMany(package => Check(rules, request, package));

    private static IEnumerable<PolicyVerdict> Check(AdvisoryRules rules, PolicyEvaluationRequest request, RestoredPackage package)
    {
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var below = 0;
        var audit = request.NuGetAuditSettings;
        var minimum = rules.MinimumSeveritySet ? rules.MinimumSeverity : audit.Level ?? rules.MinimumSeverity;
        foreach (var advisory in request.Advisories?.Match(package.Id, package.Version) ?? Array.Empty<OsvAdvisory>())
        {
            reported.Add(advisory.Id);
            foreach (var alias in advisory.Aliases)
            {
                reported.Add(alias);
            }

            // An advisory without a severity is reported whatever the threshold: unknown is not known to be harmless.
            if (advisory.Severity != AdvisorySeverity.Unknown && advisory.Severity < minimum)
            {
                below++;
                continue;
            }

            yield return SuppressedForNuGetAudit(
                Violation(package, advisory.Id, advisory.Aliases, request.ProjectFile,
                    BuildDiagnostics.PolicyVulnerablePackage.FormatMessage(
                        $"{package.Subject} ({(package.Direct ? "direct" : "transitive")})", PolicyEvaluator.SeverityName(advisory.Severity), advisory.Id,
                        AliasText(advisory.Aliases) + ": " + PolicyEvaluator.Shorten(advisory.Summary), FixAdvice(advisory, package))),
                audit.Find(advisory.Id, advisory.Aliases, null));
        }

        if (rules.UseNuGetAudit)
        {
            foreach (var finding in request.NuGetAudit.Where(f => string.Equals(f.PackageId, package.Id, StringComparison.OrdinalIgnoreCase)))
            {
                var id = NuGetAuditFindings.AdvisoryId(finding);
                if (!reported.Add(id))
                {
                    continue;
                }

                if (finding.Severity < minimum)
                {
                    below++;
                    continue;
                }

                yield return SuppressedForNuGetAudit(
                    Violation(package, id, Array.Empty<string>(), request.ProjectFile,
                        BuildDiagnostics.PolicyVulnerablePackage.FormatMessage(
                            package.Subject, PolicyEvaluator.SeverityName(finding.Severity), id,
                            $" (reported by NuGetAudit as {finding.Code}{(finding.AdvisoryUrl is null ? "" : ", " + finding.AdvisoryUrl)})",
                            "Update the package to a fixed version, or add a policy exception.")),
                    audit.Find(id, Array.Empty<string>(), finding.AdvisoryUrl));
            }
        }

        if (reported.Count == 0 || below > 0)
        {
            var text = below > 0
                ? $"Package {package.Subject} has {below} known vulnerabilit{(below == 1 ? "y" : "ies")} below {(rules.MinimumSeveritySet || audit.Level is null ? "the policy's" : "the project's NuGetAuditLevel")} severity threshold ({PolicyEvaluator.SeverityName(minimum)})."
                : $"Package {package.Subject} has no known vulnerability in the advisory database.";
            yield return new PolicyVerdict(PolicyChecks.Advisory, package.Subject, VerdictOutcome.Pass, BuildDiagnosticIds.PolicyVulnerablePackage, text, null, 0, 0)
            {
                PackageId = package.Id,
                PackageVersion = package.Version,
            };
        }
    }

    /// <summary>A NuGetAuditSuppress item of the project excuses the advisory, with its own reason (a policy exception need not repeat it).</summary>
    private static PolicyVerdict SuppressedForNuGetAudit(PolicyVerdict verdict, NuGetAuditSuppression? suppression) =>
        suppression is null
            ? verdict
            : verdict with
            {
                Outcome = VerdictOutcome.Excused,
                ExcusedBy = CodeScanning.FindingSuppression.NuGetAuditSuppress,
                ExcuseReason = suppression.Reason,
                Message = verdict.Message + " Excused by NuGetAuditSuppress: " + suppression.Reason,
            };

    private static PolicyVerdict Violation(RestoredPackage package, string advisoryId, IReadOnlyList<string> aliases, string projectFile, string message) =>
        new(PolicyChecks.Advisory, package.Subject, VerdictOutcome.Fail, BuildDiagnosticIds.PolicyVulnerablePackage, message, projectFile, 0, 0)
        {
            PackageId = package.Id,
            PackageVersion = package.Version,
            RuleId = advisoryId,
            RuleAliases = aliases,
        };

    private static string FixAdvice(OsvAdvisory advisory, RestoredPackage package)
    {
        var fixedVersion = advisory.Affected
            .Where(a => string.Equals(a.Name, package.Id, StringComparison.OrdinalIgnoreCase))
            .SelectMany(a => a.Ranges)
            .SelectMany(r => r.Events)
            .Where(e => e.Kind == OsvEventKind.Fixed && e.Version is not null && e.Version > package.Version)
            .Select(e => e.Version!)
            .OrderBy(v => v)
            .FirstOrDefault();
        var update = fixedVersion is null ? "No fixed version is known: replace the package" : $"Update to {fixedVersion.ToNormalizedString()} or later";
        return $"{update}{(package.Direct ? "" : " (add a direct reference to override the transitive version)")}, or add a policy exception.";
    }

    private static string AliasText(IReadOnlyList<string> aliases) => aliases.Count == 0 ? "" : " (" + string.Join(", ", aliases) + ")";
}
