namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>
/// Decides whether a value given to a secret-named symbol is a real secret rather than a word, a sentence, an
/// identifier, a placeholder, a GUID, a path, a URL or a regular expression: by length, Shannon entropy and character
/// classes. The entropy threshold scales down for short values (a random 8-character password cannot exceed 3 bits).
/// </summary>
internal static class GenericSecretScorer
{
    public const double DefaultMinimumEntropy = 3.0;
    public const int MinimumLength = 8;
    public const int MaximumLength = 1024;

    public static bool IsLikelySecret(string value, double minimumEntropy) => IsLikelySecret(value, 0, value.Length, minimumEntropy);

    public static bool IsLikelySecret(string text, int start, int length, double minimumEntropy)
    {
        if (length < MinimumLength || length > MaximumLength)
        {
            return false;
        }

        if (ValueShape.ContainsWhitespace(text, start, length)
            || Placeholders.IsPlaceholder(text, start, length)
            || ValueShape.IsGuid(text, start, length)
            || ValueShape.LooksLikeRegex(text, start, length)
            || LooksLikePathOrUrl(text, start, length)
            || LooksLikeWordsOrIdentifier(text, start, length))
        {
            return false;
        }

        if (ValueShape.CharacterClasses(text, start, length) < 2)
        {
            return false;
        }

        var threshold = System.Math.Min(minimumEntropy, System.Math.Log(length, 2) - 0.5);
        return ValueShape.Entropy(text, start, length) >= threshold;
    }

    /// <summary>Letters and separators only, with few capitals: "Login_Password", "PASSWORD_RESET", "Settings.ApiKey".</summary>
    private static bool LooksLikeWordsOrIdentifier(string text, int start, int length)
    {
        int upper = 0, lower = 0;
        for (var i = start; i < start + length; i++)
        {
            var c = text[i];
            if (CharClass.IsUpper(c))
            {
                upper++;
            }
            else if (CharClass.IsLower(c))
            {
                lower++;
            }
            else if (c is not ('_' or '.' or '-' or ':'))
            {
                return false;
            }
        }

        return upper == 0 || lower == 0 || upper * 4 <= upper + lower;
    }

    private static bool LooksLikePathOrUrl(string text, int start, int length)
    {
        var first = text[start];
        return first is '/' or '\\' or '~' or '.'
               || text.IndexOf("://", start, length, System.StringComparison.Ordinal) >= 0
               || (length > 2 && text[start + 1] == ':' && text[start + 2] == '\\');
    }
}
