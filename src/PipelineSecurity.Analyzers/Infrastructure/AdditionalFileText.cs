namespace PipelineSecurity.Analyzers.Infrastructure;

/// <summary>What the analyzers that read AdditionalFiles need to know about a file's text before they parse it.</summary>
internal static class AdditionalFileText
{
    private const int SniffedCharacters = 8192;

    /// <summary>
    /// A NUL among the first characters: a binary file (an encrypted configuration, an image) that the compiler read as
    /// text. Neither a configuration rule nor a secret rule has anything to say about it.
    /// </summary>
    public static bool LooksBinary(string text)
    {
        var limit = System.Math.Min(text.Length, SniffedCharacters);
        for (var i = 0; i < limit; i++)
        {
            if (text[i] == '\0')
            {
                return true;
            }
        }

        return false;
    }
}
