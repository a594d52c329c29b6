using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PipelineSecurity.Build.CodeScanning;

/// <summary>What the SARIF rule table says about one rule: descriptions, help, tags and the security rating.</summary>
internal sealed record CodeScanningRule(string Id, string Name, string ShortDescription, string FullDescription, string HelpUri)
{
    public FindingLevel DefaultLevel { get; init; } = FindingLevel.Warning;

    /// <summary><c>security</c>, a category tag and <c>external/cwe/cwe-N</c>; a rule without "security" is no security alert.</summary>
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();

    public bool IsSecurity => Tags.Contains("security", StringComparer.Ordinal);

    public IEnumerable<int> Cwes => Tags
        .Where(t => t.StartsWith("external/cwe/cwe-", StringComparison.Ordinal))
        .Select(t => int.TryParse(t.Substring("external/cwe/cwe-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var cwe) ? cwe : 0)
        .Where(cwe => cwe > 0);

    /// <summary>The <c>security-severity</c> score (0.0–10.0) code scanning rates the alert by; null for rules that are not about security.</summary>
    public double? SecuritySeverity => IsSecurity ? CodeScanning.SecuritySeverity.Score(Cwes, DefaultLevel) : null;
}

/// <summary>
/// The CVSS-like score code scanning shows as critical (9.0+), high (7.0+), medium (4.0+) or low, from the weakness a
/// rule is about. Our own banding, not a CVSS computation: credentials and code execution high, weak cryptography and
/// transport medium, cookie and error-page hardening lower. A rule that is off or informational by default (a
/// heuristic) is capped at low, so noise never ranks above exact findings.
/// </summary>
internal static class SecuritySeverity
{
    private static readonly Dictionary<int, double> ByCwe = new()
    {
        // Hard-coded credentials and keys.
        [798] = 8.0, [321] = 8.0, [259] = 8.0,
        // Code execution through data.
        [502] = 8.8, [94] = 8.1,
        // Vulnerable or unmaintained dependencies (the advisory's own severity is in the message).
        [1395] = 7.5, [1104] = 5.0,
        // Authentication and certificate checks.
        [295] = 7.4, [299] = 6.5, [287] = 7.4, [347] = 7.4, [611] = 7.5, [942] = 6.5, [352] = 6.5,
        // Weak cryptography and clear-text transport.
        [327] = 5.9, [328] = 5.9, [326] = 5.9, [329] = 5.3, [916] = 5.9, [338] = 5.9, [319] = 5.9,
        // Hardening.
        [614] = 4.3, [1004] = 4.3, [613] = 4.3, [294] = 5.3, [209] = 4.3,
    };

    public static double Score(IEnumerable<int> cwes, FindingLevel defaultLevel)
    {
        var score = cwes.Select(c => ByCwe.TryGetValue(c, out var s) ? s : 5.0).DefaultIfEmpty(5.0).Max();
        return defaultLevel == FindingLevel.Note ? Math.Min(score, 3.9) : score;
    }

    public static string Format(double score) => score.ToString("0.0", CultureInfo.InvariantCulture);
}
