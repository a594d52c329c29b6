using System.Collections.Generic;

namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>
/// A Kubernetes <c>Secret</c>'s <c>data</c> entries are base64 (RFC 4648) of the secret's bytes: each is decoded and the
/// result scanned as any other text (tokens, keys, connection strings, a whole configuration file), or scored as a
/// value whose name means secret. A finding points at the base64 text in the manifest.
/// </summary>
internal static class KubernetesSecretData
{
    // A decoded entry longer than this is not looked into (certificates and keystores are binary or PEM, found anyway).
    private const int MaximumEncodedLength = 1024 * 1024;

    public static void Report(string key, string text, int start, int length, SecretScanOptions options, List<SecretFinding> findings)
    {
        if (length < 8 || length > MaximumEncodedLength || Placeholders.IsPlaceholder(text, start, length))
        {
            return;
        }

        var decoded = Decode(text, start, length);
        if (decoded is null)
        {
            return;
        }

        var inner = new List<SecretFinding>();
        if (decoded.IndexOf('\n') >= 0)
        {
            ConfigurationFileScanner.Scan(decoded, SecretDetection.KindOf(key), options, inner);
        }
        else
        {
            SecretScanner.ScanText(decoded, options, inner);
        }

        var description = "base64 value of Kubernetes Secret key '" + key + "'";
        if (inner.Count > 0)
        {
            findings.Add(inner[0].At(start, length, inner[0].Description + " in the " + description));
            return;
        }

        // Every entry of a Secret is secret by definition; the value still has to look like one (not "admin", not "5432").
        var name = SecretNames.IsSecretName(key, options.ExtraSecretWords) ? key : "secret";
        if (SecretScanner.TryScoreNamedValue(name, decoded, 0, decoded.Length, options, out var finding))
        {
            findings.Add(finding.At(start, length, description));
        }
    }

    /// <summary>The UTF-8 text of standard base64, or null when it is not base64 or not text.</summary>
    internal static string? Decode(string text, int start, int length)
    {
        if (length % 4 != 0)
        {
            return null;
        }

        for (var i = start; i < start + length; i++)
        {
            var c = text[i];
            if (!(CharClass.IsBase64(c) || (c == '=' && i >= start + length - 2)))
            {
                return null;
            }
        }

        try
        {
            var bytes = System.Convert.FromBase64String(text.Substring(start, length));
            var decoded = new System.Text.UTF8Encoding(false, true).GetString(bytes);
            foreach (var c in decoded)
            {
                if (c < ' ' && c is not ('\n' or '\r' or '\t'))
                {
                    return null;
                }
            }

            return decoded;
        }
        catch (System.FormatException)
        {
            return null;
        }
        catch (System.ArgumentException)
        {
            // Invalid UTF-8 (DecoderFallbackException): binary data such as a keystore.
            return null;
        }
    }
}
