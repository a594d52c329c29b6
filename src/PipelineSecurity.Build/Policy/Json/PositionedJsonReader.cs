using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace PipelineSecurity.Build.Policy.Json;

/// <summary>
/// Reads UTF-8 JSON into a <see cref="PositionedJson"/> tree with <see cref="Utf8JsonReader"/>, recording each token's
/// line and column. Comments and trailing commas are accepted (people edit this file by hand); syntax errors, and bytes
/// that are not UTF-8, become <see cref="JsonSyntaxException"/> with a position. Linear in the file's size: positions
/// are computed by one cursor that only moves forward, because tokens arrive in file order (a one-line file of 260,000
/// tokens must not rescan its line for each of them).
/// </summary>
internal static class PositionedJsonReader
{
    /// <summary>Deeper nesting than any policy needs; it bounds the recursion on hostile input.</summary>
    private const int MaxDepth = 64;

    public static PositionedJson Read(byte[] utf8)
    {
        var offset = utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF ? 3 : 0;
        var positions = new PositionCursor(utf8);
        var invalid = FirstInvalidUtf8(utf8, offset);
        if (invalid >= 0)
        {
            throw new JsonSyntaxException($"the file is not UTF-8 text (byte 0x{utf8[invalid]:X2} at offset {invalid} starts no valid UTF-8 sequence); save it as UTF-8", positions.At(invalid));
        }

        var reader = new Utf8JsonReader(
            utf8.AsSpan(offset),
            new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = MaxDepth });
        try
        {
            if (!reader.Read())
            {
                throw new JsonSyntaxException("the file is empty", new TextPosition(1, 1));
            }

            var root = ReadValue(ref reader, positions, offset);
            if (reader.Read())
            {
                throw new JsonSyntaxException("more than one JSON value", positions.At(offset + (int)reader.TokenStartIndex));
            }

            return root;
        }
        catch (JsonException failure)
        {
            // The reader's own position: LineNumber and BytePositionInLine are 0-based.
            var line = (int)(failure.LineNumber ?? 0) + 1;
            var column = (int)(failure.BytePositionInLine ?? 0) + 1;
            throw new JsonSyntaxException(TrimReaderMessage(failure.Message), new TextPosition(line, column));
        }
    }

    private static PositionedJson ReadValue(ref Utf8JsonReader reader, PositionCursor positions, int offset)
    {
        var position = positions.At(offset + (int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var properties = new List<JsonProperty>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var namePosition = positions.At(offset + (int)reader.TokenStartIndex);
                    var name = GetString(ref reader, namePosition);
                    reader.Read();
                    properties.Add(new JsonProperty(name, namePosition, ReadValue(ref reader, positions, offset)));
                }

                return new JsonObjectNode(position, properties);
            case JsonTokenType.StartArray:
                var items = new List<PositionedJson>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, positions, offset));
                }

                return new JsonArrayNode(position, items);
            case JsonTokenType.String:
                return new JsonStringNode(position, GetString(ref reader, position));
            case JsonTokenType.Number:
                return new JsonNumberNode(position, Encoding.UTF8.GetString(reader.ValueSpan.ToArray()));
            case JsonTokenType.True:
            case JsonTokenType.False:
                return new JsonBooleanNode(position, reader.GetBoolean());
            default:
                return new JsonNullNode(position);
        }
    }

    /// <summary>An escape such as "\uD800" alone decodes to no valid text: that is a syntax error at the string, not a crash.</summary>
    private static string GetString(ref Utf8JsonReader reader, TextPosition position)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException notText)
        {
            throw new JsonSyntaxException("the string is not valid text (" + TrimReaderMessage(notText.Message) + ")", position);
        }
    }

    /// <summary>The offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629), or -1.</summary>
    internal static int FirstInvalidUtf8(byte[] bytes, int start)
    {
        var i = start;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b < 0x80)
            {
                i++;
                continue;
            }

            int length;
            int minimum;
            if ((b & 0xE0) == 0xC0)
            {
                length = 2;
                minimum = 0x80;
            }
            else if ((b & 0xF0) == 0xE0)
            {
                length = 3;
                minimum = 0x800;
            }
            else if ((b & 0xF8) == 0xF0)
            {
                length = 4;
                minimum = 0x10000;
            }
            else
            {
                return i;
            }

            if (i + length > bytes.Length)
            {
                return i;
            }

            var codePoint = b & (0x7F >> length);
            for (var k = 1; k < length; k++)
            {
                var continuation = bytes[i + k];
                if ((continuation & 0xC0) != 0x80)
                {
                    return i;
                }

                codePoint = (codePoint << 6) | (continuation & 0x3F);
            }

            if (codePoint < minimum || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
            {
                return i;
            }

            i += length;
        }

        return -1;
    }

    private static string TrimReaderMessage(string message)
    {
        // "'x' is invalid after a value. Expected either ',', '}', or ']'. LineNumber: 3 | BytePositionInLine: 4."
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message.Substring(0, cut) : message).TrimEnd('.', ' ');
    }

    /// <summary>
    /// Line and column of byte offsets asked for in increasing order, by one forward scan. Column counts characters, not
    /// bytes (only the first byte of each UTF-8 sequence), so that a non-ASCII name before the culprit does not shift it.
    /// </summary>
    private sealed class PositionCursor
    {
        private readonly byte[] utf8;
        private int cursor;
        private int line = 1;
        private int column = 1;

        public PositionCursor(byte[] utf8) => this.utf8 = utf8;

        public TextPosition At(int byteOffset)
        {
            if (byteOffset < cursor)
            {
                // Never happens for tokens in file order; start over rather than answer wrongly.
                cursor = 0;
                line = 1;
                column = 1;
            }

            var end = Math.Min(byteOffset, utf8.Length);
            for (; cursor < end; cursor++)
            {
                var b = utf8[cursor];
                if (b == (byte)'\n')
                {
                    line++;
                    column = 1;
                }
                else if ((b & 0xC0) != 0x80)
                {
                    column++;
                }
            }

            return new TextPosition(line, column);
        }
    }
}

/// <summary>The policy file is not well-formed JSON.</summary>
internal sealed class JsonSyntaxException : Exception
{
    public JsonSyntaxException(string message, TextPosition position)
        : base(message) => Position = position;

    public TextPosition Position { get; }
}
