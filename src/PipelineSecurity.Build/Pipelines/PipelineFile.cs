using System;
using System.Collections.Generic;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines;

/// <summary>What a repository file is, which decides the checks it gets.</summary>
internal enum PipelineFileKind
{
    /// <summary><c>.github/workflows/*.yml|yaml</c>.</summary>
    GitHubWorkflow,

    /// <summary><c>action.yml|yaml</c> of a local action (composite, JavaScript or Docker).</summary>
    GitHubAction,

    /// <summary><c>azure-pipelines*.yml|yaml</c>, and the templates they include.</summary>
    AzurePipeline,

    /// <summary>docker-compose, Kubernetes manifests, Helm values: scanned for hard-coded secrets only.</summary>
    DeploymentYaml,

    /// <summary><c>Dockerfile</c>, <c>*.Dockerfile</c>, <c>Dockerfile.*</c>: scanned for hard-coded secrets only.</summary>
    Dockerfile,

    /// <summary>Other YAML outside project folders: a Kubernetes manifest when its content says so (top-level apiVersion and kind).</summary>
    PossibleManifest,
}

/// <summary>One file being checked: its text, its parsed YAML documents, and position arithmetic.</summary>
internal sealed class PipelineFile
{
    private int[]? _lineStarts;

    public PipelineFile(string fullPath, string relativePath, PipelineFileKind kind, string text)
    {
        FullPath = fullPath;
        RelativePath = relativePath;
        Kind = kind;
        Text = text;
    }

    public string FullPath { get; }

    /// <summary>Path from the repository root with '/' separators, e.g. <c>.github/workflows/ci.yml</c>.</summary>
    public string RelativePath { get; }

    public PipelineFileKind Kind { get; }

    public string Text { get; }

    /// <summary>The YAML documents (empty for a Dockerfile or when the file could not be parsed).</summary>
    public List<YamlNode> Documents { get; } = new();

    public YamlMapping? Root => Documents.Count > 0 ? Documents[0] as YamlMapping : null;

    /// <summary>1-based line and column of a character index.</summary>
    public (int Line, int Column) Position(int index)
    {
        _lineStarts ??= ComputeLineStarts(Text);
        index = Math.Max(0, Math.Min(index, Text.Length));
        var line = Array.BinarySearch(_lineStarts, index);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return (line + 1, index - _lineStarts[line] + 1);
    }

    /// <summary>The text of a 1-based line, without its line break.</summary>
    public string LineText(int line)
    {
        _lineStarts ??= ComputeLineStarts(Text);
        if (line < 1 || line > _lineStarts.Length)
        {
            return string.Empty;
        }

        var start = _lineStarts[line - 1];
        var end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        return Text.Substring(start, end - start).TrimEnd('\r', '\n');
    }

    /// <summary>
    /// The file position of character <paramref name="offset"/> of a scalar's value. Literal block scalars (<c>|</c>) map
    /// line by line; single-line scalars map by offset after an opening quote; other multi-line styles fall back to the
    /// first occurrence of the text at the offset within the scalar's source, else to the scalar's start.
    /// </summary>
    public (int Line, int Column) Locate(YamlScalar scalar, int offset)
    {
        var value = scalar.Value;
        offset = Math.Max(0, Math.Min(offset, value.Length));
        if (scalar.Style == YamlScalarStyle.Literal)
        {
            var valueLine = 0;
            var lineStart = 0;
            for (var i = 0; i < offset; i++)
            {
                if (value[i] == '\n')
                {
                    valueLine++;
                    lineStart = i + 1;
                }
            }

            var (headerLine, _) = Position(scalar.Index);
            var sourceLine = LineText(headerLine + 1 + valueLine);
            var indent = 0;
            while (indent < sourceLine.Length && sourceLine[indent] == ' ')
            {
                indent++;
            }

            return (headerLine + 1 + valueLine, indent + offset - lineStart + 1);
        }

        if (value.IndexOf('\n') < 0 && scalar.Style is YamlScalarStyle.Plain or YamlScalarStyle.SingleQuoted or YamlScalarStyle.DoubleQuoted)
        {
            var quote = scalar.Style == YamlScalarStyle.Plain ? 0 : 1;
            return Position(scalar.Index + quote + offset);
        }

        var lineEnd = value.IndexOf('\n', offset);
        var fragment = value.Substring(offset, Math.Min(lineEnd < 0 ? value.Length - offset : lineEnd - offset, 40));
        if (fragment.Length > 0 && scalar.EndIndex > scalar.Index)
        {
            var found = Text.IndexOf(fragment, scalar.Index, Math.Min(scalar.EndIndex, Text.Length) - scalar.Index, StringComparison.Ordinal);
            if (found >= 0)
            {
                return Position(found);
            }
        }

        return (scalar.Line, scalar.Column);
    }

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts.ToArray();
    }
}
