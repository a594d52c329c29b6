using System;
using System.Collections.Generic;
using System.Linq;

namespace PipelineSecurity.Build.Policy.Inputs;

/// <summary>A NuGetAuditSuppress item: the advisory's URL and the reason the project gives (item metadata Justification or Reason).</summary>
internal sealed record NuGetAuditSuppression(string Url, string? Justification)
{
    /// <summary>The advisory id the URL ends with (GHSA-…), which OSV records and NuGetAudit findings are matched by.</summary>
    public string AdvisoryId
    {
        get
        {
            var trimmed = Url.Trim().TrimEnd('/');
            var slash = trimmed.LastIndexOf('/');
            return slash >= 0 ? trimmed.Substring(slash + 1) : trimmed;
        }
    }

    public string Reason => string.IsNullOrWhiteSpace(Justification)
        ? $"Suppressed for NuGetAudit by the project's NuGetAuditSuppress item {Url}."
        : Justification!.Trim() + $" (NuGetAuditSuppress {Url})";
}

/// <summary>
/// The project's NuGetAudit settings as the advisory check honours them: <c>NuGetAuditSuppress</c> items excuse their
/// advisories (from the policy's database and from NuGetAudit alike), and <c>NuGetAuditLevel</c> is the lowest
/// severity reported when the policy sets no <c>advisories.severity</c> (the policy wins when both speak).
/// <c>NuGetAuditMode</c> is validated and recorded: NuGet's own findings already follow it, and the policy's database
/// check covers every package whatever the mode, because the policy is the repository's floor.
/// </summary>
internal sealed record NuGetAuditSettings(IReadOnlyList<NuGetAuditSuppression> Suppressions, AdvisorySeverity? Level, string? Mode)
{
    public static readonly NuGetAuditSettings None = new(Array.Empty<NuGetAuditSuppression>(), null, null);

    private static readonly Dictionary<string, AdvisorySeverity> Levels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["low"] = AdvisorySeverity.Low,
        ["moderate"] = AdvisorySeverity.Moderate,
        ["high"] = AdvisorySeverity.High,
        ["critical"] = AdvisorySeverity.Critical,
    };

    /// <summary>The settings from MSBuild's values; a value the check does not understand is reported through <paramref name="invalid"/> and ignored.</summary>
    public static NuGetAuditSettings From(IEnumerable<NuGetAuditSuppression> suppressions, string? level, string? mode, Action<string, string, string, string> invalid)
    {
        AdvisorySeverity? minimum = null;
        if (!string.IsNullOrWhiteSpace(level))
        {
            if (Levels.TryGetValue(level!.Trim(), out var parsed))
            {
                minimum = parsed;
            }
            else
            {
                invalid("NuGetAuditLevel", level, "low, moderate, high or critical", "the policy's threshold");
            }
        }

        string? auditMode = null;
        if (!string.IsNullOrWhiteSpace(mode))
        {
            auditMode = mode!.Trim().ToLowerInvariant();
            if (auditMode is not ("direct" or "all"))
            {
                invalid("NuGetAuditMode", mode, "direct or all", "all");
                auditMode = null;
            }
        }

        return new NuGetAuditSettings(suppressions.Where(s => !string.IsNullOrWhiteSpace(s.Url)).ToArray(), minimum, auditMode);
    }

    /// <summary>The suppression that names <paramref name="advisoryId"/>, one of its aliases, or (for a NuGetAudit finding) its URL.</summary>
    public NuGetAuditSuppression? Find(string advisoryId, IEnumerable<string> aliases, string? advisoryUrl)
    {
        foreach (var suppression in Suppressions)
        {
            if (advisoryUrl is not null && string.Equals(suppression.Url.Trim().TrimEnd('/'), advisoryUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            {
                return suppression;
            }

            var id = suppression.AdvisoryId;
            if (string.Equals(id, advisoryId, StringComparison.OrdinalIgnoreCase) || aliases.Any(a => string.Equals(a, id, StringComparison.OrdinalIgnoreCase)))
            {
                return suppression;
            }
        }

        return null;
    }
}
