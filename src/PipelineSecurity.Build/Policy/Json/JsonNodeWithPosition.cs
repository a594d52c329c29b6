using System.Collections.Generic;

namespace PipelineSecurity.Build.Policy.Json;

/// <summary>A 1-based line and column in a text file, for diagnostics that point at the cause.</summary>
internal readonly record struct TextPosition(int Line, int Column)
{
    public override string ToString() => $"({Line},{Column})";
}

/// <summary>
/// A JSON value that remembers where it starts. System.Text.Json's DOM drops positions, and a policy error that cannot
/// say "line 12, column 7" sends the user hunting, so the policy file is read into this small tree instead.
/// </summary>
internal abstract class PositionedJson
{
    protected PositionedJson(TextPosition position) => Position = position;

    public TextPosition Position { get; }

    /// <summary>The JSON type's name as a user reads it in an error message.</summary>
    public abstract string Kind { get; }
}

internal sealed class JsonObjectNode : PositionedJson
{
    public JsonObjectNode(TextPosition position, IReadOnlyList<JsonProperty> properties)
        : base(position) => Properties = properties;

    public IReadOnlyList<JsonProperty> Properties { get; }

    public override string Kind => "an object";
}

internal sealed record JsonProperty(string Name, TextPosition NamePosition, PositionedJson Value);

internal sealed class JsonArrayNode : PositionedJson
{
    public JsonArrayNode(TextPosition position, IReadOnlyList<PositionedJson> items)
        : base(position) => Items = items;

    public IReadOnlyList<PositionedJson> Items { get; }

    public override string Kind => "an array";
}

internal sealed class JsonStringNode : PositionedJson
{
    public JsonStringNode(TextPosition position, string value)
        : base(position) => Value = value;

    public string Value { get; }

    public override string Kind => "a string";
}

internal sealed class JsonNumberNode : PositionedJson
{
    public JsonNumberNode(TextPosition position, string rawText)
        : base(position) => RawText = rawText;

    public string RawText { get; }

    public override string Kind => "a number";
}

internal sealed class JsonBooleanNode : PositionedJson
{
    public JsonBooleanNode(TextPosition position, bool value)
        : base(position) => Value = value;

    public bool Value { get; }

    public override string Kind => "a boolean";
}

internal sealed class JsonNullNode : PositionedJson
{
    public JsonNullNode(TextPosition position)
        : base(position)
    {
    }

    public override string Kind => "null";
}
