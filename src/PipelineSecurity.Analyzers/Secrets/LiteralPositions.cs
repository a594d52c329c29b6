using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace PipelineSecurity.Analyzers.Secrets;

/// <summary>
/// Maps a range of a string literal's value back to the source text, so that a secret inside a multi-line verbatim or
/// raw literal is reported on its own line and columns. The literal's source is decoded once (escapes, <c>""</c>, a raw
/// literal's indentation and its first and last line breaks) with the position of each value character; when the
/// result is not exactly the compiler's value (a form not handled here), there is no mapping and the caller reports
/// the whole literal.
/// </summary>
internal static class LiteralPositions
{
    public static bool TryMap(SyntaxToken token, int valueStart, int valueLength, out TextSpan span)
    {
        span = default;
        var positions = Decode(token);
        if (positions is null || valueStart < 0 || valueLength <= 0 || valueStart + valueLength > positions.Length)
        {
            return false;
        }

        var start = positions[valueStart];
        var end = positions[valueStart + valueLength - 1] + 1;
        span = TextSpan.FromBounds(token.SpanStart + start, token.SpanStart + end);
        return true;
    }

    /// <summary>For each character of the token's value, its offset in the token's text; null when not decodable here.</summary>
    private static int[]? Decode(SyntaxToken token)
    {
        var text = token.Text;
        var value = token.ValueText;
        var positions = new int[value.Length];
        var decoded = new System.Text.StringBuilder(value.Length);
        var end = text.Length;
        if (end >= 2 && (text[end - 1] is '8') && (text[end - 2] is 'u' or 'U'))
        {
            end -= 2;
        }

        bool ok;
        switch (token.Kind())
        {
            case SyntaxKind.StringLiteralToken or SyntaxKind.Utf8StringLiteralToken when text.StartsWith("@\"", System.StringComparison.Ordinal):
                ok = Verbatim(text, 2, end - 1, decoded, positions);
                break;
            case SyntaxKind.StringLiteralToken or SyntaxKind.Utf8StringLiteralToken when text.StartsWith("\"", System.StringComparison.Ordinal):
                ok = Regular(text, 1, end - 1, decoded, positions);
                break;
            case SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.Utf8MultiLineRawStringLiteralToken:
                ok = MultiLineRaw(text, end, decoded, positions);
                break;
            default:
                return null;
        }

        return ok && decoded.Length == value.Length && decoded.ToString() == value ? positions : null;
    }

    private static bool Add(char c, int position, System.Text.StringBuilder decoded, int[] positions)
    {
        if (decoded.Length >= positions.Length)
        {
            return false;
        }

        positions[decoded.Length] = position;
        decoded.Append(c);
        return true;
    }

    private static bool Verbatim(string text, int start, int end, System.Text.StringBuilder decoded, int[] positions)
    {
        for (var i = start; i < end; i++)
        {
            if (!Add(text[i], i, decoded, positions))
            {
                return false;
            }

            if (text[i] == '"' && i + 1 < end && text[i + 1] == '"')
            {
                i++;
            }
        }

        return true;
    }

    private static bool Regular(string text, int start, int end, System.Text.StringBuilder decoded, int[] positions)
    {
        for (var i = start; i < end; i++)
        {
            if (text[i] != '\\')
            {
                if (!Add(text[i], i, decoded, positions))
                {
                    return false;
                }

                continue;
            }

            if (i + 1 >= end)
            {
                return false;
            }

            var at = i;
            var e = text[++i];
            char c;
            switch (e)
            {
                case 'n': c = '\n'; break;
                case 'r': c = '\r'; break;
                case 't': c = '\t'; break;
                case '0': c = '\0'; break;
                case 'a': c = '\a'; break;
                case 'b': c = '\b'; break;
                case 'f': c = '\f'; break;
                case 'v': c = '\v'; break;
                case 'e': c = '\u001b'; break;
                case '\\' or '"' or '\'': c = e; break;
                case 'u' when i + 4 < end:
                    c = (char)System.Convert.ToInt32(text.Substring(i + 1, 4), 16);
                    i += 4;
                    break;
                default:
                    // \x and \U have variable or surrogate forms: not mapped here.
                    return false;
            }

            if (!Add(c, at, decoded, positions))
            {
                return false;
            }
        }

        return true;
    }

    // """ + line break, content lines each starting with the closing line's indentation, line break, indentation + """.
    private static bool MultiLineRaw(string text, int end, System.Text.StringBuilder decoded, int[] positions)
    {
        var quotes = 0;
        while (quotes < text.Length && text[quotes] == '"')
        {
            quotes++;
        }

        var closeStart = end - quotes;
        var lastLineStart = text.LastIndexOf('\n', closeStart - 1) + 1;
        var indentation = closeStart - lastLineStart;
        var firstLine = text.IndexOf('\n', quotes) + 1;
        if (firstLine <= 0 || lastLineStart <= firstLine)
        {
            return false;
        }

        // Content is [firstLine, end of the line before the closing line), without that line's break.
        var contentEnd = lastLineStart - 1;
        if (contentEnd > 0 && text[contentEnd - 1] == '\r')
        {
            contentEnd--;
        }

        var i = firstLine;
        while (i < contentEnd)
        {
            var lineEnd = text.IndexOf('\n', i);
            if (lineEnd < 0 || lineEnd > contentEnd)
            {
                lineEnd = contentEnd;
            }

            var skip = System.Math.Min(indentation, lineEnd - i);
            for (var k = i + skip; k < lineEnd; k++)
            {
                if (!Add(text[k], k, decoded, positions))
                {
                    return false;
                }
            }

            if (lineEnd < contentEnd && !Add('\n', lineEnd, decoded, positions))
            {
                return false;
            }

            i = lineEnd + 1;
        }

        return true;
    }
}
