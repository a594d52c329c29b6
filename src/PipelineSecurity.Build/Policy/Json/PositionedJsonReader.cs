using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace PipelineSecurity.Build.Policy.Json;

/// <summary>
/// Reads UTF-8 JSON into a <see cref="PositionedJson"/> tree with <see cref="Utf8JsonReader"/>, recording each token's
/// line and column. Comments and trailing commas are accepted (people edit this file by hand); syntax errors become
/// <see cref="JsonSyntaxException"/> with the reader's position.
/// </summary>
public static class PositionedJsonReader
{
    /// <summary>Deeper nesting than any policy needs; it bounds the recursion on hostile input.</summary>
    private const int MaxDepth = 64;

    public static PositionedJson Read(byte[] utf8)
    {
        var lineStarts = LineStarts(utf8);
        var reader = new Utf8JsonReader(
            SkipByteOrderMark(utf8),
            new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = MaxDepth });
        var offset = utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF ? 3 : 0;
        try
        {
            if (!reader.Read())
            {
                throw new JsonSyntaxException("the file is empty", new TextPosition(1, 1));
            }

            var root = ReadValue(ref reader, utf8, lineStarts, offset);
            if (reader.Read())
            {
                throw new JsonSyntaxException("more than one JSON value", PositionOf(utf8, lineStarts, offset + (int)reader.TokenStartIndex));
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

    private static PositionedJson ReadValue(ref Utf8JsonReader reader, byte[] utf8, List<int> lineStarts, int offset)
    {
        var position = PositionOf(utf8, lineStarts, offset + (int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var properties = new List<JsonProperty>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var namePosition = PositionOf(utf8, lineStarts, offset + (int)reader.TokenStartIndex);
                    var name = reader.GetString()!;
                    reader.Read();
                    properties.Add(new JsonProperty(name, namePosition, ReadValue(ref reader, utf8, lineStarts, offset)));
                }

                return new JsonObjectNode(position, properties);
            case JsonTokenType.StartArray:
                var items = new List<PositionedJson>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, utf8, lineStarts, offset));
                }

                return new JsonArrayNode(position, items);
            case JsonTokenType.String:
                return new JsonStringNode(position, reader.GetString()!);
            case JsonTokenType.Number:
                return new JsonNumberNode(position, Encoding.UTF8.GetString(reader.ValueSpan.ToArray()));
            case JsonTokenType.True:
            case JsonTokenType.False:
                return new JsonBooleanNode(position, reader.GetBoolean());
            default:
                return new JsonNullNode(position);
        }
    }

    private static ReadOnlySpan<byte> SkipByteOrderMark(byte[] utf8) =>
        utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF ? utf8.AsSpan(3) : utf8;

    private static List<int> LineStarts(byte[] utf8)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    /// <summary>Column counts characters, not bytes, so that a non-ASCII name before the error does not shift it.</summary>
    private static TextPosition PositionOf(byte[] utf8, List<int> lineStarts, int byteOffset)
    {
        var index = lineStarts.BinarySearch(byteOffset);
        var line = index >= 0 ? index : ~index - 1;
        var lineStart = lineStarts[line];
        var column = 1;
        for (var i = lineStart; i < byteOffset && i < utf8.Length; i++)
        {
            // Count only the first byte of each UTF-8 sequence (continuation bytes are 10xxxxxx).
            if ((utf8[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return new TextPosition(line + 1, column);
    }

    private static string TrimReaderMessage(string message)
    {
        // "'x' is invalid after a value. Expected either ',', '}', or ']'. LineNumber: 3 | BytePositionInLine: 4."
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message.Substring(0, cut) : message).TrimEnd('.', ' ');
    }
}

/// <summary>The policy file is not well-formed JSON.</summary>
public sealed class JsonSyntaxException : Exception
{
    public JsonSyntaxException(string message, TextPosition position)
        : base(message) => Position = position;

    public TextPosition Position { get; }
}
