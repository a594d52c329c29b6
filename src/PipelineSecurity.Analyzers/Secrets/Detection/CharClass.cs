namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>ASCII character tests used by the scanners (no culture, no allocation).</summary>
internal static class CharClass
{
    public static bool IsDigit(char c) => c is >= '0' and <= '9';

    public static bool IsUpper(char c) => c is >= 'A' and <= 'Z';

    public static bool IsLower(char c) => c is >= 'a' and <= 'z';

    public static bool IsAlphaNumeric(char c) => IsDigit(c) || IsUpper(c) || IsLower(c);

    public static bool IsHex(char c) => IsDigit(c) || c is >= 'a' and <= 'f' || c is >= 'A' and <= 'F';

    /// <summary>Characters of base64url tokens: letters, digits, '-' and '_'.</summary>
    public static bool IsUrlSafe(char c) => IsAlphaNumeric(c) || c is '-' or '_';

    public static bool IsBase64(char c) => IsAlphaNumeric(c) || c is '+' or '/';

    /// <summary>Whether a token may not continue at <paramref name="index"/>: the end of the text or a non-token character.</summary>
    public static bool IsBoundary(string text, int index) => index >= text.Length || !IsUrlSafe(text[index]);

    /// <summary>Length of the run starting at <paramref name="start"/> whose characters satisfy <paramref name="predicate"/>, capped.</summary>
    public static int RunLength(string text, int start, System.Func<char, bool> predicate, int max)
    {
        var end = System.Math.Min(text.Length, start + max + 1);
        var i = start;
        while (i < end && predicate(text[i]))
        {
            i++;
        }

        return i - start;
    }

    public static bool StartsWith(string text, int index, string prefix) =>
        index + prefix.Length <= text.Length && string.CompareOrdinal(text, index, prefix, 0, prefix.Length) == 0;

    public static bool StartsWithIgnoreCase(string text, int index, string prefix) =>
        index + prefix.Length <= text.Length && string.Compare(text, index, prefix, 0, prefix.Length, System.StringComparison.OrdinalIgnoreCase) == 0;
}
