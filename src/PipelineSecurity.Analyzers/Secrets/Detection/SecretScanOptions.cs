using System.Collections.Generic;

namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>The user's settings for one file (the analyzers read them from .editorconfig keys, the build task from its own settings).</summary>
internal sealed class SecretScanOptions
{
    public static readonly SecretScanOptions Default = new(GenericSecretScorer.DefaultMinimumEntropy, System.Array.Empty<string>(), System.Array.Empty<string>());

    public SecretScanOptions(double minimumEntropy, IReadOnlyCollection<string> extraSecretWords, IReadOnlyCollection<string> allowedValues)
    {
        MinimumEntropy = minimumEntropy;
        ExtraSecretWords = extraSecretWords;
        AllowedValues = allowedValues;
    }

    /// <summary>Bits per character a value under a secret name needs to be reported (PSF1005).</summary>
    public double MinimumEntropy { get; }

    /// <summary>More words that make a name a secret name, e.g. "pin", "otp".</summary>
    public IReadOnlyCollection<string> ExtraSecretWords { get; }

    /// <summary>Values never reported: exact values, or patterns with '*' wildcards (e.g. "sk_live_test*").</summary>
    public IReadOnlyCollection<string> AllowedValues { get; }

    public bool IsAllowed(string text, int start, int length)
    {
        foreach (var pattern in AllowedValues)
        {
            if (WildcardMatches(pattern, text, start, length))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>'*' matches any run; linear-time greedy matching with one backtrack point (no exponential cases).</summary>
    internal static bool WildcardMatches(string pattern, string text, int start, int length)
    {
        int p = 0, t = start, end = start + length, starP = -1, starT = -1;
        while (t < end)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
