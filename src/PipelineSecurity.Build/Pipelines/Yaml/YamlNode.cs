using System;
using System.Collections.Generic;

namespace PipelineSecurity.Build.Pipelines.Yaml;

/// <summary>
/// A node of a YAML document with its position (1-based line and column, 0-based character index in the file).
/// Aliases stay <see cref="YamlAlias"/> nodes pointing at their anchored node: nothing is ever copied or expanded, so a
/// document of anchors that would expand exponentially is as small in memory as its text.
/// </summary>
internal abstract class YamlNode
{
    protected YamlNode(int line, int column, int index)
    {
        Line = line;
        Column = column;
        Index = index;
    }

    public int Line { get; }

    public int Column { get; }

    public int Index { get; }

    /// <summary>The node itself, or for an alias the anchored node it names (one step: an anchor cannot name an alias).</summary>
    public YamlNode Resolve() => this is YamlAlias { Target: { } target } ? target : this;
}

internal sealed class YamlScalar : YamlNode
{
    public YamlScalar(string value, YamlScalarStyle style, int line, int column, int index, int endIndex)
        : base(line, column, index)
    {
        Value = value;
        Style = style;
        EndIndex = endIndex;
    }

    public string Value { get; }

    public YamlScalarStyle Style { get; }

    /// <summary>Character index just after the scalar's source text.</summary>
    public int EndIndex { get; }

    public bool IsTrue => Style == YamlScalarStyle.Plain
        ? Value is "true" or "True" or "TRUE" or "yes" or "Yes" or "on" or "On"
        : string.Equals(Value, "true", StringComparison.OrdinalIgnoreCase);

    public bool IsFalse => Style == YamlScalarStyle.Plain
        ? Value is "false" or "False" or "FALSE" or "no" or "No" or "off" or "Off"
        : string.Equals(Value, "false", StringComparison.OrdinalIgnoreCase);

    public bool IsNull => Style == YamlScalarStyle.Plain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string ToString() => Value;
}

internal enum YamlScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

internal sealed class YamlMapping : YamlNode
{
    public YamlMapping(int line, int column, int index)
        : base(line, column, index)
    {
    }

    public List<KeyValuePair<YamlScalar, YamlNode>> Entries { get; } = new();

    /// <summary>The value under <paramref name="key"/> (exact, case-sensitive as YAML keys are), aliases resolved one step.</summary>
    public YamlNode? Get(string key)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry.Value.Resolve();
            }
        }

        return null;
    }

    public YamlScalar? GetKey(string key)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry.Key;
            }
        }

        return null;
    }

    public YamlMapping? GetMapping(string key) => Get(key) as YamlMapping;

    public YamlSequence? GetSequence(string key) => Get(key) as YamlSequence;

    public YamlScalar? GetScalar(string key) => Get(key) as YamlScalar;

    public string? GetString(string key) => GetScalar(key)?.Value;
}

internal sealed class YamlSequence : YamlNode
{
    public YamlSequence(int line, int column, int index)
        : base(line, column, index)
    {
    }

    public List<YamlNode> Items { get; } = new();
}

internal sealed class YamlAlias : YamlNode
{
    public YamlAlias(string anchor, YamlNode? target, int line, int column, int index)
        : base(line, column, index)
    {
        Anchor = anchor;
        Target = target;
    }

    public string Anchor { get; }

    /// <summary>The anchored node, or null when the anchor is not defined before the alias (invalid YAML).</summary>
    public YamlNode? Target { get; }
}
