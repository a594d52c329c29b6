using System.Globalization;

namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>The only forms in which a secret may appear in a message, a log or a report.</summary>
internal static class SecretRedaction
{
    /// <summary>"4 characters then the length": e.g. <c>ghp_… (40 characters)</c>. Short values show no characters at all.</summary>
    public static string Redact(string secret)
    {
        const int VisiblePrefix = 4;
        var length = secret.Length.ToString("N0", CultureInfo.InvariantCulture);
        return secret.Length < 3 * VisiblePrefix
            ? "… (" + length + " characters)"
            : secret.Substring(0, VisiblePrefix) + "… (" + length + " characters)";
    }

    /// <summary>Describes key material by its size only.</summary>
    public static string DescribeKeyMaterial(int base64Characters) =>
        base64Characters.ToString("N0", CultureInfo.InvariantCulture) + " characters of key material, redacted";
}
