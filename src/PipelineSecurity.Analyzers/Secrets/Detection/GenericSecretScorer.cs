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
            || LooksLikeVersion(text, start, length)
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

    /// <summary>
    /// A value given to a vendor's key name (<see cref="SecretNames.IsQualifiedKeyName"/>) that can only be a generated
    /// key: one token of 20-128 letters and digits ('-' and '_' allowed), both present, entropy of at least 3.5 bits (or
    /// close to the most its length allows), and not only hex digits (digests, ids and hashes are hex).
    /// </summary>
    public static bool IsLikelyApiKey(string text, int start, int length)
    {
        if (length < 20 || length > 128)
        {
            return false;
        }

        bool letter = false, digit = false, nonHex = false;
        for (var k = start; k < start + length; k++)
        {
            var c = text[k];
            if (!CharClass.IsUrlSafe(c))
            {
                return false;
            }

            letter |= CharClass.IsUpper(c) || CharClass.IsLower(c);
            digit |= CharClass.IsDigit(c);
            nonHex |= CharClass.IsAlphaNumeric(c) && !CharClass.IsHex(c);
        }

        return letter && digit && nonHex && IsLikelySecret(text, start, length, 3.5);
    }

    /// <summary>
    /// A value given to an option or parameter that can only be a password (<c>--requirepass</c>, <c>mysql -p</c>,
    /// <c>new NetworkCredential(user, …)</c>): people choose passwords, so no entropy is asked for, only that it is not a
    /// placeholder, a variable, a path, a plain word or identifier, and has two kinds of characters.
    /// </summary>
    public static bool IsLikelyPassword(string text, int start, int length)
    {
        if (length < 6 || length > MaximumLength)
        {
            return false;
        }

        return !ValueShape.ContainsWhitespace(text, start, length)
               && !Placeholders.IsPlaceholder(text, start, length)
               && !LooksLikePathOrUrl(text, start, length)
               && !ValueShape.IsGuid(text, start, length)
               && ValueShape.CharacterClasses(text, start, length) >= 2
               && !LooksLikeWordsOrIdentifier(text, start, length);
    }

    /// <summary>
    /// Every alphanumeric run is a word (one case, or capitalised camel case) or a short number: identifiers, resource
    /// keys and references such as "Login_Password", "Settings.ApiKey", "Jobs[-1].JobId", "projects/p/secrets/name".
    /// A secret has at least one run that mixes letters and digits or switches case at random.
    /// </summary>
    internal static bool LooksLikeWordsOrIdentifier(string text, int start, int length)
    {
        var end = start + length;
        var i = start;
        while (i < end)
        {
            if (!CharClass.IsAlphaNumeric(text[i]))
            {
                i++;
                continue;
            }

            int runStart = i, upper = 0, lower = 0, digits = 0, camelBoundaries = 0;
            for (; i < end && CharClass.IsAlphaNumeric(text[i]); i++)
            {
                var c = text[i];
                if (CharClass.IsUpper(c))
                {
                    upper++;
                    camelBoundaries += i > runStart && CharClass.IsLower(text[i - 1]) ? 1 : 0;
                }
                else if (CharClass.IsLower(c))
                {
                    lower++;
                }
                else
                {
                    digits++;
                }
            }

            // Camel case ("JobId", "ShardIdentifier") has words of 2.5 letters or more on average; random letters switch case far more often.
            var letters = upper + lower;
            var isWord = digits == 0 && (upper == 0 || lower == 0 || letters >= 2.5 * (camelBoundaries + 1) || (letters <= 3 && camelBoundaries == 0));
            var isShortNumber = letters == 0 && i - runStart <= 4;
            if (!isWord && !isShortNumber)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"7.9.0", "1.4.2-rc.42413", "v2.1": versions given to a key that happens to be named like a secret.</summary>
    private static bool LooksLikeVersion(string text, int start, int length)
    {
        var i = start;
        if (text[i] is 'v' or 'V')
        {
            i++;
        }

        var digitsBeforeDot = 0;
        while (i < start + length && CharClass.IsDigit(text[i]))
        {
            i++;
            digitsBeforeDot++;
        }

        return digitsBeforeDot > 0 && digitsBeforeDot <= 4 && i + 1 < start + length && text[i] == '.' && CharClass.IsDigit(text[i + 1]);
    }

    private static bool LooksLikePathOrUrl(string text, int start, int length)
    {
        var first = text[start];
        return first is '/' or '\\' or '~' or '.'
               || text.IndexOf("://", start, length, System.StringComparison.Ordinal) >= 0
               || (length > 2 && text[start + 1] == ':' && text[start + 2] == '\\');
    }
}
