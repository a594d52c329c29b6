namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>What <see cref="PrivateKeyDetector"/> found: where, which kind, and how much key material (never the key).</summary>
internal readonly struct PrivateKeyMatch
{
    public PrivateKeyMatch(int start, int length, string keyKind, int keyMaterialLength)
    {
        Start = start;
        Length = length;
        KeyKind = keyKind;
        KeyMaterialLength = keyMaterialLength;
    }

    public int Start { get; }

    public int Length { get; }

    /// <summary>A human name for the key format, e.g. "RSA private key".</summary>
    public string KeyKind { get; }

    /// <summary>How many base64 characters of key material follow the header.</summary>
    public int KeyMaterialLength { get; }
}

/// <summary>
/// Finds PEM, OpenSSH and PGP private key blocks in text with one forward scan (no regular expression,
/// so adversarial input costs linear time). A header alone, or a header followed by a placeholder, is not a key.
/// </summary>
internal static class PrivateKeyDetector
{
    private const string BeginMarker = "-----BEGIN ";
    private const string Dashes = "-----";
    private const int MaximumLabelLength = 40;

    // A real key has hundreds of base64 characters; 64 is one full PEM line.
    private const int MinimumKeyMaterial = 64;
    private const int MinimumDistinctCharacters = 16;

    // Scanning stops here even without an END line, so a huge literal costs a bounded amount per BEGIN.
    private const int MaximumBlockLength = 64 * 1024;

    /// <summary>Quick test callers use before the full scan.</summary>
    public static bool MayContainKey(string text) =>
        text.Length >= BeginMarker.Length + MinimumKeyMaterial && text.IndexOf(BeginMarker, System.StringComparison.Ordinal) >= 0;

    public static bool TryFind(string text, out PrivateKeyMatch match)
    {
        var searchFrom = 0;
        while (searchFrom < text.Length)
        {
            var begin = text.IndexOf(BeginMarker, searchFrom, System.StringComparison.Ordinal);
            if (begin < 0)
            {
                break;
            }

            var labelStart = begin + BeginMarker.Length;
            var labelEnd = text.IndexOf(Dashes, labelStart, System.Math.Min(MaximumLabelLength, text.Length - labelStart), System.StringComparison.Ordinal);
            if (labelEnd < 0)
            {
                searchFrom = labelStart;
                continue;
            }

            var keyKind = DescribeLabel(text, labelStart, labelEnd - labelStart);
            var bodyStart = labelEnd + Dashes.Length;
            if (keyKind is null)
            {
                searchFrom = bodyStart;
                continue;
            }

            var bodyEnd = ScanBody(text, bodyStart, out var keyMaterial, out var distinct);
            if (keyMaterial >= MinimumKeyMaterial && distinct >= MinimumDistinctCharacters)
            {
                var blockEnd = EndOfFooter(text, bodyEnd);
                match = new PrivateKeyMatch(begin, blockEnd - begin, keyKind, keyMaterial);
                return true;
            }

            searchFrom = bodyEnd > bodyStart ? bodyEnd : bodyStart;
        }

        match = default;
        return false;
    }

    private static string? DescribeLabel(string text, int start, int length)
    {
        var label = text.Substring(start, length);
        return label switch
        {
            "PRIVATE KEY" => "PKCS#8 private key",
            "ENCRYPTED PRIVATE KEY" => "encrypted PKCS#8 private key",
            "RSA PRIVATE KEY" => "RSA private key",
            "EC PRIVATE KEY" => "EC private key",
            "DSA PRIVATE KEY" => "DSA private key",
            "OPENSSH PRIVATE KEY" => "OpenSSH private key",
            "PGP PRIVATE KEY BLOCK" => "PGP private key block",
            _ => label.EndsWith(" PRIVATE KEY", System.StringComparison.Ordinal) && IsUpperLabel(label) ? "private key" : null,
        };
    }

    private static bool IsUpperLabel(string label)
    {
        foreach (var c in label)
        {
            if (!(c is >= 'A' and <= 'Z' || c is >= '0' and <= '9' || c == ' '))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Counts base64 key material up to the END line, a quote that closes the value, or the length cap.</summary>
    private static int ScanBody(string text, int start, out int keyMaterial, out int distinctCharacters)
    {
        keyMaterial = 0;
        distinctCharacters = 0;
        var seenLow = 0UL;
        var seenHigh = 0UL;
        var limit = System.Math.Min(text.Length, start + MaximumBlockLength);
        var i = start;
        for (; i < limit; i++)
        {
            var c = text[i];
            if (c == '-' && string.CompareOrdinal(text, i, Dashes, 0, Dashes.Length) == 0)
            {
                break;
            }

            if (c is '"' or '\'' or '<' or '>' or '`')
            {
                break;
            }

            // Escaped line breaks as they appear in JSON, YAML and .env files.
            if (c == '\\' && i + 1 < limit && text[i + 1] is 'n' or 'r')
            {
                i++;
                continue;
            }

            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/' or '=')
            {
                keyMaterial++;
                if (c < 64)
                {
                    seenLow |= 1UL << c;
                }
                else
                {
                    seenHigh |= 1UL << (c - 64);
                }
            }
        }

        distinctCharacters = PopCount(seenLow) + PopCount(seenHigh);
        return i;
    }

    private static int EndOfFooter(string text, int bodyEnd)
    {
        if (string.CompareOrdinal(text, bodyEnd, "-----END ", 0, 9) != 0)
        {
            return bodyEnd;
        }

        var closing = text.IndexOf(Dashes, bodyEnd + 9, System.Math.Min(MaximumLabelLength, text.Length - bodyEnd - 9), System.StringComparison.Ordinal);
        return closing < 0 ? bodyEnd : closing + Dashes.Length;
    }

    private static int PopCount(ulong value)
    {
        var count = 0;
        while (value != 0)
        {
            value &= value - 1;
            count++;
        }

        return count;
    }
}
