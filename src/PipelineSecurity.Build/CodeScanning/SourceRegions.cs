using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace PipelineSecurity.Build.CodeScanning;

/// <summary>
/// Reads the text of findings' regions (1-based lines and columns, columns in UTF-16 code units as the compiler
/// writes them) so that a fingerprint can depend on what was found rather than where. Each file is read once; the
/// text is only handed to <see cref="FindingFingerprints"/> and never kept in a report.
/// </summary>
internal sealed class SourceRegions
{
    private const int MaxRegionLength = 4096;
    private readonly Dictionary<string, string[]?> _files = new(StringComparer.Ordinal);

    /// <summary>The region's text, or null when the file or the region cannot be read.</summary>
    public string? Text(string? file, int startLine, int startColumn, int endLine, int endColumn)
    {
        if (file is null || startLine <= 0)
        {
            return null;
        }

        var lines = Lines(file);
        if (lines is null || startLine > lines.Length)
        {
            return null;
        }

        if (endLine < startLine || endLine > lines.Length)
        {
            endLine = startLine;
            endColumn = 0;
        }

        var builder = new StringBuilder();
        for (var line = startLine; line <= endLine && builder.Length < MaxRegionLength; line++)
        {
            var text = lines[line - 1];
            var from = line == startLine ? Math.Max(0, Math.Min(text.Length, startColumn - 1)) : 0;
            var to = line == endLine && endColumn > 0 ? Math.Max(from, Math.Min(text.Length, endColumn - 1)) : text.Length;
            if (line > startLine)
            {
                builder.Append('\n');
            }

            builder.Append(text, from, to - from);
        }

        // An empty region (a zero-width location) says nothing: use its whole line.
        var region = builder.ToString();
        return region.Trim().Length > 0 ? region : lines[startLine - 1];
    }

    private string[]? Lines(string file)
    {
        if (_files.TryGetValue(file, out var cached))
        {
            return cached;
        }

        string[]? lines;
        try
        {
            var info = new FileInfo(file);
            lines = info.Exists && info.Length < 16 * 1024 * 1024
                ? File.ReadAllText(file).Replace("\r\n", "\n").Split('\n')
                : null;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            lines = null;
        }

        _files[file] = lines;
        return lines;
    }
}
