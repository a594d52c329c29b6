using System;
using System.Collections.Generic;
using System.Text;

namespace PipelineSecurity.Analyzers.Configuration.Files;

/// <summary>
/// A scalar value of a JSON configuration file: its key, its configuration path (<c>Kestrel:Endpoints:Http:Url</c>), its
/// text and where it is. Valid during the reader's callback only: the path is built from the reader's stack on demand.
/// </summary>
internal readonly struct JsonValue
{
    private readonly Func<string> path;

    public JsonValue(string key, Func<string> path, string text, bool isString, int start, int length)
    {
        Key = key;
        this.path = path;
        Text = text;
        IsString = isString;
        Start = start;
        Length = length;
    }

    /// <summary>The nearest property name (for an array element, the array's).</summary>
    public string Key { get; }

    /// <summary>Property names from the root, joined with ':' as Microsoft.Extensions.Configuration does (array indices included).</summary>
    public string Path => path();

    /// <summary>The value: a string's content with escapes decoded, or the literal as written (true, 42, null).</summary>
    public string Text { get; }

    public bool IsString { get; }

    /// <summary>Start of the value in the file's text (inside the quotes for a string).</summary>
    public int Start { get; }

    public int Length { get; }

    public bool IsTrue => !IsString ? Text == "true" : string.Equals(Text, "true", StringComparison.OrdinalIgnoreCase);

    public bool IsFalse => !IsString ? Text == "false" : string.Equals(Text, "false", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A forgiving, linear reader of JSON configuration files (appsettings*.json): comments and trailing commas are allowed,
/// as Microsoft.Extensions.Configuration allows them; malformed input never throws (the scan just goes on or stops).
/// Work is bounded by the text length, <see cref="MaximumValues"/> and <see cref="MaximumDepth"/>.
/// </summary>
internal static class JsonConfigReader
{
    public const int MaximumValues = 500_000;
    private const int MaximumDepth = 128;

    private sealed class Frame
    {
        public bool IsObject;
        public string? Key;
        public int Index;
    }

    public static void Read(string text, Action<JsonValue> onValue)
    {
        var stack = new List<Frame>();
        Func<string> path = () => Path(stack);
        var values = 0;
        var pos = 0;
        while (values < MaximumValues)
        {
            pos = SkipTrivia(text, pos);
            if (pos >= text.Length)
            {
                return;
            }

            var c = text[pos];
            var top = stack.Count > 0 ? stack[stack.Count - 1] : null;
            switch (c)
            {
                case '{':
                case '[':
                    if (stack.Count >= MaximumDepth)
                    {
                        return;
                    }

                    stack.Add(new Frame { IsObject = c == '{' });
                    pos++;
                    continue;
                case '}':
                case ']':
                    if (stack.Count > 0)
                    {
                        stack.RemoveAt(stack.Count - 1);
                    }

                    AfterValue(stack);
                    pos++;
                    continue;
                case ',':
                    if (top is { IsObject: true })
                    {
                        top.Key = null;
                    }

                    pos++;
                    continue;
                case ':':
                    pos++;
                    continue;
            }

            int start, end;
            string value;
            var isString = c is '"' or '\'';
            if (isString)
            {
                start = pos + 1;
                end = StringEnd(text, start, c);
                value = Decode(text, start, end);
                pos = end < text.Length ? end + 1 : end;
            }
            else
            {
                start = pos;
                end = pos;
                while (end < text.Length && !IsDelimiter(text[end]))
                {
                    end++;
                }

                if (end == start)
                {
                    pos++; // A stray character: skip it.
                    continue;
                }

                value = text.Substring(start, end - start);
                pos = end;
            }

            if (top is { IsObject: true, Key: null } && NextIsColon(text, pos))
            {
                top.Key = value;
                continue;
            }

            values++;
            onValue(new JsonValue(NearestKey(stack), path, value, isString, start, end - start));
            AfterValue(stack);
        }
    }

    private static void AfterValue(List<Frame> stack)
    {
        if (stack.Count > 0 && !stack[stack.Count - 1].IsObject)
        {
            stack[stack.Count - 1].Index++;
        }
    }

    private static string NearestKey(List<Frame> stack)
    {
        for (var i = stack.Count - 1; i >= 0; i--)
        {
            if (stack[i].IsObject && stack[i].Key is { } key)
            {
                return key;
            }
        }

        return "";
    }

    private static string Path(List<Frame> stack)
    {
        var builder = new StringBuilder();
        foreach (var frame in stack)
        {
            var part = frame.IsObject ? frame.Key : frame.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (part is null)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(':');
            }

            builder.Append(part);
        }

        return builder.ToString();
    }

    private static bool NextIsColon(string text, int pos)
    {
        pos = SkipTrivia(text, pos);
        return pos < text.Length && text[pos] == ':';
    }

    private static bool IsDelimiter(char c) => c is ',' or ':' or '{' or '}' or '[' or ']' or '"' or '\'' || char.IsWhiteSpace(c);

    private static int StringEnd(string text, int start, char quote)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote || text[i] == '\n')
            {
                return i;
            }
        }

        return text.Length;
    }

    private static string Decode(string text, int start, int end)
    {
        if (text.IndexOf('\\', start, end - start) < 0)
        {
            return text.Substring(start, end - start);
        }

        var builder = new StringBuilder(end - start);
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= end)
            {
                builder.Append(c);
                continue;
            }

            var escaped = text[++i];
            switch (escaped)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'u' when i + 4 < end && int.TryParse(text.Substring(i + 1, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code):
                    builder.Append((char)code);
                    i += 4;
                    break;
                default: builder.Append(escaped); break;
            }
        }

        return builder.ToString();
    }

    private static int SkipTrivia(string text, int pos)
    {
        while (pos < text.Length)
        {
            var c = text[pos];
            if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                pos++;
            }
            else if (c == '/' && pos + 1 < text.Length && text[pos + 1] == '/')
            {
                var newline = text.IndexOf('\n', pos);
                pos = newline < 0 ? text.Length : newline + 1;
            }
            else if (c == '/' && pos + 1 < text.Length && text[pos + 1] == '*')
            {
                var close = text.IndexOf("*/", pos + 2, StringComparison.Ordinal);
                pos = close < 0 ? text.Length : close + 2;
            }
            else
            {
                break;
            }
        }

        return pos;
    }
}
