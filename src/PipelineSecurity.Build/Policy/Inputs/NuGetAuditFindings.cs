using System;
using System.Collections.Generic;
using NuGet.Common;
using NuGet.ProjectModel;

namespace PipelineSecurity.Build.Policy.Inputs;

/// <summary>A vulnerability NuGetAudit reported during restore (NU1901–NU1904), kept in the assets file's log.</summary>
internal sealed record NuGetAuditFinding(string PackageId, string? AdvisoryUrl, AdvisorySeverity Severity, string Code);

/// <summary>
/// Reuses what NuGetAudit already found during restore instead of looking it up again: the assets file keeps each
/// NU1901–NU1904 warning with the package id, and the message ends with the advisory's URL.
/// </summary>
internal static class NuGetAuditFindings
{
    public static IReadOnlyList<NuGetAuditFinding> From(LockFile assets)
    {
        var findings = new List<NuGetAuditFinding>();
        foreach (var message in assets.LogMessages ?? (IList<IAssetsLogMessage>)Array.Empty<IAssetsLogMessage>())
        {
            var severity = message.Code switch
            {
                NuGetLogCode.NU1901 => AdvisorySeverity.Low,
                NuGetLogCode.NU1902 => AdvisorySeverity.Moderate,
                NuGetLogCode.NU1903 => AdvisorySeverity.High,
                NuGetLogCode.NU1904 => AdvisorySeverity.Critical,
                _ => (AdvisorySeverity?)null,
            };
            if (severity is null || string.IsNullOrEmpty(message.LibraryId))
            {
                continue;
            }

            findings.Add(new NuGetAuditFinding(message.LibraryId, AdvisoryUrl(message.Message), severity.Value, message.Code.ToString()));
        }

        return findings;
    }

    /// <summary>The last http(s) URL in the message, which is the advisory's page (its last segment is usually the GHSA id).</summary>
    private static string? AdvisoryUrl(string? message)
    {
        if (message is null)
        {
            return null;
        }

        var start = message.LastIndexOf("https://", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }

        var end = start;
        while (end < message.Length && !char.IsWhiteSpace(message[end]))
        {
            end++;
        }

        return message.Substring(start, end - start).TrimEnd('.', ',', ')');
    }

    public static string AdvisoryId(NuGetAuditFinding finding)
    {
        if (finding.AdvisoryUrl is null)
        {
            return finding.Code;
        }

        var slash = finding.AdvisoryUrl.LastIndexOf('/');
        return slash >= 0 && slash < finding.AdvisoryUrl.Length - 1 ? finding.AdvisoryUrl.Substring(slash + 1) : finding.AdvisoryUrl;
    }
}
