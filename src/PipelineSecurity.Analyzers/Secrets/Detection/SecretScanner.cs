using System.Collections.Generic;

namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>
/// The detection layer's entry points, shared by the C# and configuration-file analyzers and the benchmarks.
/// Everything here is pure and linear in the text's length.
/// </summary>
internal static class SecretScanner
{
    /// <summary>Texts shorter than this cannot hold any token, password or key we report.</summary>
    public const int MinimumCandidateLength = 8;

    /// <summary>At most this many findings are kept per scanned text (a generated blob of tokens is one problem, not thousands).</summary>
    public const int MaximumFindingsPerText = 50;

    /// <summary>Finds format-recognised secrets in a whole text: private keys, provider tokens, connection-string passwords, URL credentials.</summary>
    public static void ScanText(string text, SecretScanOptions options, List<SecretFinding> findings)
    {
        if (text.Length < MinimumCandidateLength)
        {
            return;
        }

        var first = findings.Count;
        AddPrivateKey(text, findings);
        ScanSpan(text, 0, text.Length, options, findings, first);
    }

    /// <summary>A private key block anywhere in the text (it spans lines, so configuration files scan for it once).</summary>
    public static void AddPrivateKey(string text, List<SecretFinding> findings)
    {
        if (PrivateKeyDetector.MayContainKey(text) && PrivateKeyDetector.TryFind(text, out var key))
        {
            findings.Add(new SecretFinding(SecretKind.PrivateKey, key.KeyKind, key.Start, key.Length, SecretRedaction.DescribeKeyMaterial(key.KeyMaterialLength)));
        }
    }

    /// <summary>Single-line formats (tokens, connection strings, URLs) in text[start..end).</summary>
    public static void ScanSpan(string text, int start, int end, SecretScanOptions options, List<SecretFinding> findings, int keepFrom)
    {
        if (end - start >= MinimumCandidateLength)
        {
            ProviderTokenDetector.Scan(text, start, end, findings);
            if (ConnectionStringDetector.MayContain(text, start, end))
            {
                ConnectionStringDetector.Scan(text, start, end, findings);
            }

            if (UrlCredentialDetector.MayContain(text, start, end))
            {
                UrlCredentialDetector.Scan(text, start, end, findings);
            }

            if (EmbeddedAssignmentScanner.MayContain(text, start, end))
            {
                EmbeddedAssignmentScanner.Scan(text, start, end, options, findings);
            }
        }

        RemoveAllowedAndOverlapping(text, options, findings, keepFrom);
    }

    /// <summary>
    /// A value given to a name (identifier, parameter, JSON/YAML/INI key): an AWS secret access key under AWS's names,
    /// or a generic secret when the name means secret and the value scores as random.
    /// </summary>
    public static bool TryScoreNamedValue(string name, string text, int start, int length, SecretScanOptions options, out SecretFinding finding)
    {
        finding = default;
        if (length < GenericSecretScorer.MinimumLength || options.IsAllowed(text, start, length) || KnownPublicValues.Contains(text, start, length))
        {
            return false;
        }

        // Azure DevOps personal access tokens before the identifiable format: 52 characters of base32, known only by the name.
        if (length == 52 && SecretNames.IsAzureDevOpsTokenName(name) && ProviderTokenDetector.IsLowerBase32(text, start, 52) && !Placeholders.IsPlaceholder(text, start, length))
        {
            finding = new SecretFinding(SecretKind.ProviderToken, "Azure DevOps personal access token", start, length, SecretRedaction.Redact(text.Substring(start, length)));
            return true;
        }

        // "Bearer <token>" / "Basic <credentials>" in an Authorization value.
        if ((CharClass.StartsWithIgnoreCase(text, start, "Bearer ") || CharClass.StartsWithIgnoreCase(text, start, "Basic "))
            && (IsAuthorizationName(name) || SecretNames.IsSecretName(name, options.ExtraSecretWords) || name.IndexOf("auth", System.StringComparison.OrdinalIgnoreCase) >= 0
                || name.IndexOf("header", System.StringComparison.OrdinalIgnoreCase) >= 0))
        {
            var skip = text[start + 1] is 'e' or 'E' ? 7 : 6;
            if (GenericSecretScorer.IsLikelySecret(text, start + skip, length - skip, options.MinimumEntropy))
            {
                finding = Generic("Authorization header", text, start + skip, length - skip);
                return true;
            }

            return false;
        }

        var isAwsName = SecretNames.IsAwsSecretKeyName(name);
        if (isAwsName && length == 40 && IsAwsSecretShape(text, start) && !Placeholders.IsPlaceholder(text, start, length))
        {
            finding = new SecretFinding(SecretKind.ProviderToken, "AWS secret access key", start, length, SecretRedaction.Redact(text.Substring(start, length)));
            return true;
        }

        if ((isAwsName || SecretNames.IsSecretName(name, options.ExtraSecretWords) || IsAuthorizationName(name))
            && GenericSecretScorer.IsLikelySecret(text, start, length, options.MinimumEntropy))
        {
            finding = Generic(name, text, start, length);
            return true;
        }

        // "countrylayer_key: 031eiaq…": a vendor's key name and a generated key (the name's ending first: most names
        // in a configuration file are not keys, and splitting each into words costs more than the test).
        if (name.EndsWith("key", System.StringComparison.OrdinalIgnoreCase) && GenericSecretScorer.IsLikelyApiKey(text, start, length) && SecretNames.IsQualifiedKeyName(name))
        {
            finding = Generic(name, text, start, length);
            return true;
        }

        return false;
    }

    private static bool IsAuthorizationName(string name) => string.Equals(name, "Authorization", System.StringComparison.OrdinalIgnoreCase);

    private static SecretFinding Generic(string name, string text, int start, int length) =>
        new(SecretKind.GenericSecret, name, start, length, SecretRedaction.Redact(text.Substring(start, length)));

    // 40 characters of base64 with both cases and a digit or '/'/'+'.
    private static bool IsAwsSecretShape(string text, int start)
    {
        var classes = 0;
        for (var i = start; i < start + 40; i++)
        {
            if (!CharClass.IsBase64(text[i]))
            {
                return false;
            }
        }

        classes = ValueShape.CharacterClasses(text, start, 40);
        return classes >= 3;
    }

    private static void RemoveAllowedAndOverlapping(string text, SecretScanOptions options, List<SecretFinding> findings, int first)
    {
        if (findings.Count - first > MaximumFindingsPerText)
        {
            findings.RemoveRange(first + MaximumFindingsPerText, findings.Count - first - MaximumFindingsPerText);
        }

        for (var i = findings.Count - 1; i >= first; i--)
        {
            var f = findings[i];
            var remove = options.IsAllowed(text, f.Start, f.Length) || KnownPublicValues.Contains(text, f.Start, f.Length);
            for (var j = first; !remove && j < findings.Count; j++)
            {
                // A key inside a private key block, or a token inside a URI already reported, is one finding, not two.
                var other = findings[j];
                remove = j != i && other.Start <= f.Start && f.Start + f.Length <= other.Start + other.Length
                         && (other.Length > f.Length || j < i);
            }

            if (remove)
            {
                findings.RemoveAt(i);
            }
        }
    }
}
