using System;
using System.Collections.Generic;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PipelineSecurity.Build.Pipelines.Yaml;

/// <summary>
/// Reads YAML text into <see cref="YamlNode"/> trees with positions, by walking YamlDotNet's event stream. Aliases are
/// kept as references (never expanded); the number of nodes and the nesting depth are bounded, so hostile input ends
/// with a <see cref="YamlLimitException"/> instead of exhausting memory or the stack.
/// </summary>
internal static class YamlTreeReader
{
    public const int MaximumDepth = 200;
    public const int MaximumNodes = 500_000;

    /// <summary>Every document of the stream (Kubernetes manifests hold several, separated by <c>---</c>).</summary>
    /// <exception cref="YamlException">The text is not valid YAML (the exception carries the position).</exception>
    /// <exception cref="YamlLimitException">The text nests too deeply or has too many nodes.</exception>
    public static List<YamlNode> Read(string text)
    {
        var documents = new List<YamlNode>();
        var parser = new Parser(new Scanner(new StringReader(text), skipComments: true));
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var stack = new List<Frame>();
        var nodes = 0;
        YamlNode? root = null;
        var lastLine = 1;
        var lastColumn = 1;

        while (MoveNext(parser, lastLine, lastColumn))
        {
            var current = parser.Current!;
            lastLine = Line(current.End);
            lastColumn = Column(current.End);
            YamlNode? node = null;
            switch (current)
            {
                case DocumentStart:
                    anchors.Clear();
                    root = null;
                    continue;
                case DocumentEnd:
                    if (root is not null)
                    {
                        documents.Add(root);
                    }

                    continue;
                case Scalar scalar:
                    node = new YamlScalar(scalar.Value, Style(scalar.Style), Line(current.Start), Column(current.Start), Index(current.Start), Index(current.End));
                    Anchor(anchors, scalar.Anchor, node);
                    break;
                case AnchorAlias alias:
                    anchors.TryGetValue(alias.Value.Value, out var target);
                    node = new YamlAlias(alias.Value.Value, target, Line(current.Start), Column(current.Start), Index(current.Start));
                    break;
                case MappingStart mappingStart:
                    node = new YamlMapping(Line(current.Start), Column(current.Start), Index(current.Start));
                    Anchor(anchors, mappingStart.Anchor, node);
                    break;
                case SequenceStart sequenceStart:
                    node = new YamlSequence(Line(current.Start), Column(current.Start), Index(current.Start));
                    Anchor(anchors, sequenceStart.Anchor, node);
                    break;
                case MappingEnd:
                case SequenceEnd:
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                default:
                    continue;
            }

            if (++nodes > MaximumNodes)
            {
                throw new YamlLimitException($"more than {MaximumNodes:N0} YAML nodes", Line(current.Start), Column(current.Start));
            }

            if (stack.Count == 0)
            {
                root = node;
            }
            else
            {
                Add(stack[stack.Count - 1], node);
            }

            if (node is YamlMapping or YamlSequence)
            {
                if (stack.Count >= MaximumDepth)
                {
                    throw new YamlLimitException($"nesting deeper than {MaximumDepth} levels", node.Line, node.Column);
                }

                stack.Add(new Frame(node));
            }
        }

        return documents;
    }

    /// <summary>
    /// YamlDotNet's scanner gives up on some malformed input with InvalidOperationException (or similar) instead of a
    /// YamlException: turn those into a <see cref="YamlUnreadableException"/> at the last position read.
    /// </summary>
    private static bool MoveNext(Parser parser, int line, int column)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (Exception failure) when (failure is InvalidOperationException or ArgumentException or FormatException or IndexOutOfRangeException)
        {
            throw new YamlUnreadableException(failure.GetType().Name, line, column);
        }
    }

    private static void Add(Frame frame, YamlNode node)
    {
        if (frame.Node is YamlSequence sequence)
        {
            sequence.Items.Add(node);
            return;
        }

        var mapping = (YamlMapping)frame.Node;
        if (frame.PendingKey is null)
        {
            // A complex key (mapping or sequence as a key) is legal YAML but never meaningful in CI files: keep its position only.
            frame.PendingKey = node as YamlScalar ?? new YamlScalar(string.Empty, YamlScalarStyle.Plain, node.Line, node.Column, node.Index, node.Index);
            return;
        }

        mapping.Entries.Add(new KeyValuePair<YamlScalar, YamlNode>(frame.PendingKey, node));
        frame.PendingKey = null;
    }

    private static void Anchor(Dictionary<string, YamlNode> anchors, AnchorName anchor, YamlNode node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
    }

    private static YamlScalarStyle Style(ScalarStyle style) => style switch
    {
        ScalarStyle.SingleQuoted => YamlScalarStyle.SingleQuoted,
        ScalarStyle.DoubleQuoted => YamlScalarStyle.DoubleQuoted,
        ScalarStyle.Literal => YamlScalarStyle.Literal,
        ScalarStyle.Folded => YamlScalarStyle.Folded,
        _ => YamlScalarStyle.Plain,
    };

    private static int Line(Mark mark) => (int)Math.Min(mark.Line, int.MaxValue);

    private static int Column(Mark mark) => (int)Math.Min(mark.Column, int.MaxValue);

    private static int Index(Mark mark) => (int)Math.Min(mark.Index, int.MaxValue);

    private sealed class Frame
    {
        public Frame(YamlNode node) => Node = node;

        public YamlNode Node { get; }

        public YamlScalar? PendingKey { get; set; }
    }
}

/// <summary>The YAML is well-formed but beyond what a CI definition can reasonably be (depth, node count).</summary>
internal sealed class YamlLimitException : Exception
{
    public YamlLimitException(string what, int line, int column)
        : base(what)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }
}

/// <summary>The parser stopped on malformed input without a YamlException; the position is the last one it read.</summary>
internal sealed class YamlUnreadableException : Exception
{
    public YamlUnreadableException(string what, int line, int column)
        : base(what)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }
}
