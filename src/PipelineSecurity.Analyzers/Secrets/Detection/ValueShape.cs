namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>Measures of a candidate value: Shannon entropy and character classes, used to tell keys from words.</summary>
internal static class ValueShape
{
    /// <summary>Shannon entropy in bits per character over the value's characters.</summary>
    public static double Entropy(string text, int start, int length)
    {
        if (length <= 1)
        {
            return 0;
        }

        // Values are short (they are capped by callers); a small open-addressed count over char codes is enough.
        var counts = new System.Collections.Generic.Dictionary<char, int>(System.Math.Min(length, 64));
        for (var i = start; i < start + length; i++)
        {
            counts.TryGetValue(text[i], out var n);
            counts[text[i]] = n + 1;
        }

        var entropy = 0.0;
        foreach (var count in counts.Values)
        {
            var p = (double)count / length;
            entropy -= p * System.Math.Log(p, 2);
        }

        return entropy;
    }

    /// <summary>How many of lower, upper, digit, symbol appear.</summary>
    public static int CharacterClasses(string text, int start, int length)
    {
        // Bit tests, not Enum.HasFlag, which boxes on .NET Framework (the analyzers' netstandard2.0 build runs there).
        var kinds = (int)Kinds(text, start, length);
        return (kinds & 1) + ((kinds >> 1) & 1) + ((kinds >> 2) & 1) + ((kinds >> 3) & 1);
    }

    /// <summary>Which kinds of characters the text holds (one pass; the shape tests of every detector read it).</summary>
    public static CharacterKinds Kinds(string text, int start, int length)
    {
        var kinds = CharacterKinds.None;
        for (var i = start; i < start + length; i++)
        {
            var c = text[i];
            kinds |= CharClass.IsLower(c) ? CharacterKinds.Lower
                : CharClass.IsUpper(c) ? CharacterKinds.Upper
                : CharClass.IsDigit(c) ? CharacterKinds.Digit
                : CharacterKinds.Other;
        }

        return kinds;
    }

    /// <summary>Whether the text holds every kind in <paramref name="kinds"/>.</summary>
    public static bool Has(string text, int start, int length, CharacterKinds kinds) => (Kinds(text, start, length) & kinds) == kinds;

    public static bool ContainsWhitespace(string text, int start, int length)
    {
        for (var i = start; i < start + length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>8-4-4-4-12 hex digits, with or without braces: an identifier, not a secret.</summary>
    public static bool IsGuid(string text, int start, int length)
    {
        if (length == 38 && text[start] == '{' && text[start + 37] == '}')
        {
            start++;
            length = 36;
        }

        if (length != 36)
        {
            return false;
        }

        for (var i = 0; i < 36; i++)
        {
            var c = text[start + i];
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? c != '-' : !CharClass.IsHex(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Only hex digits, at a digest's length (MD5, SHA-1, SHA-256, SHA-384, SHA-512).</summary>
    public static bool IsHexDigest(string text, int start, int length)
    {
        if (length is not (32 or 40 or 64 or 96 or 128))
        {
            return false;
        }

        for (var i = start; i < start + length; i++)
        {
            if (!CharClass.IsHex(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Regular-expression syntax: a value that describes a token format rather than being one.</summary>
    public static bool LooksLikeRegex(string text, int start, int length)
    {
        var signs = 0;
        for (var i = start; i < start + length - 1; i++)
        {
            var c = text[i];
            var next = text[i + 1];
            if ((c == '\\' && next is 'd' or 'w' or 's' or 'b' or '.') || (c == '[' && (next is '^' || CharClass.IsAlphaNumeric(next)) && Contains(text, i, start + length, ']'))
                || (c == '{' && CharClass.IsDigit(next)) || (c == '(' && next == '?') || (c == '.' && next is '*' or '+'))
            {
                signs++;
            }
        }

        return signs > 0 && (text[start] == '^' || text[start + length - 1] == '$' || signs >= 2);
    }

    private static bool Contains(string text, int from, int end, char c)
    {
        for (var i = from; i < end; i++)
        {
            if (text[i] == c)
            {
                return true;
            }
        }

        return false;
    }
}

[System.Flags]
internal enum CharacterKinds
{
    None = 0,
    Lower = 1,
    Upper = 2,
    Digit = 4,
    Other = 8,
    Letters = Lower | Upper,
    LowerUpperDigit = Lower | Upper | Digit,
}
