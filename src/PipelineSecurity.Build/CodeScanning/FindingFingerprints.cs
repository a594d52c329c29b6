using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace PipelineSecurity.Build.CodeScanning;

/// <summary>
/// Fingerprints that survive line moves: an HMAC-SHA-256 of the rule, the path relative to the source root and the
/// normalized identity of the finding (the whitespace-collapsed text of its region, or what a verdict is about), plus
/// the finding's rank among identical ones in the same file. For a secret the region is the literal holding it, so
/// the fingerprint is a keyed hash of the value: the value itself is read only to be hashed and is never stored.
/// The key is the environment variable <c>PIPELINE_SECURITY_FINGERPRINT_KEY</c> when set (e.g. from a CI secret, so
/// that whoever sees only the SARIF file or the baseline cannot test guesses against it), else a fixed key.
/// </summary>
internal static class FindingFingerprints
{
    /// <summary>The name of our entry in SARIF <c>partialFingerprints</c>.</summary>
    public const string SarifKey = "pipelineSecurity/v1";

    private const string DefaultKey = "PipelineSecurity fingerprint v1";

    /// <summary>Gives every finding its fingerprint (ordinals count identical findings in file order).</summary>
    public static IReadOnlyList<ScanFinding> Assign(IEnumerable<ScanFinding> findings, SourceRoot root, string? key)
    {
        var keyBytes = Encoding.UTF8.GetBytes(string.IsNullOrEmpty(key) ? DefaultKey : key);
        var list = findings.ToList();
        var hashes = list.Select(f => Hash(keyBytes, f.RuleId, root.Relative(f.File) ?? "", Normalize(f.IdentityText ?? f.Message))).ToArray();
        var order = Enumerable.Range(0, list.Count)
            .OrderBy(i => hashes[i], StringComparer.Ordinal)
            .ThenBy(i => list[i].StartLine)
            .ThenBy(i => list[i].StartColumn)
            .ThenBy(i => i);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new ScanFinding[list.Count];
        foreach (var i in order)
        {
            seen.TryGetValue(hashes[i], out var count);
            seen[hashes[i]] = ++count;
            result[i] = list[i] with { Fingerprint = hashes[i] + ":" + count.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }

        return result;
    }

    public static string Hash(byte[] key, string ruleId, string relativePath, string normalizedIdentity)
    {
        using var hmac = new HMACSHA256(key);
        var digest = hmac.ComputeHash(Encoding.UTF8.GetBytes(ruleId + "\n" + relativePath + "\n" + normalizedIdentity));
        var builder = new StringBuilder(32);
        for (var i = 0; i < 16; i++)
        {
            builder.Append(digest[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    /// <summary>Whitespace runs become one space, and the ends are trimmed: re-indenting or re-wrapping changes nothing.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
