using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace PipelineSecurity.Build.Pipelines.State;

/// <summary>
/// The owner's last result: the stamp (paths, lengths and write times of every file read, .editorconfig files and
/// the rules' version), the content key (a SHA-256 of the same files' bytes), the files read, and the findings
/// (after severities and inline suppressions; messages hold no secret). Written through a temporary file and a rename.
/// </summary>
internal sealed class CheckResultCache
{
    private const string Header = "pipeline-security-ci-check 1";

    public string Stamp { get; set; } = string.Empty;

    public string ContentKey { get; set; } = string.Empty;

    public List<string> FilesRead { get; } = new();

    public List<PipelineFinding> Findings { get; } = new();

    public static CheckResultCache? Read(string path)
    {
        // Through the shared reader: the state folder is under the temporary folder, where a FIFO or a huge file at this
        // path must cost a re-check, not a hang.
        if (Infrastructure.WorkCache.TryReadText(path) is not { } text)
        {
            return null;
        }

        try
        {
            var lines = Lines(text);
            if (lines.Count < 3 || lines[0] != Header)
            {
                return null;
            }

            var cache = new CheckResultCache { Stamp = lines[1], ContentKey = lines[2] };
            for (var i = 3; i < lines.Count; i++)
            {
                var fields = lines[i].Split('\t');
                if (fields[0] == "R" && fields.Length == 2)
                {
                    cache.FilesRead.Add(Unescape(fields[1]));
                }
                else if (fields[0] == "F" && fields.Length == 7 && Enum.TryParse<PipelineSeverity>(fields[2], out var severity))
                {
                    cache.Findings.Add(new PipelineFinding(fields[1], Unescape(fields[3]), int.Parse(fields[4], CultureInfo.InvariantCulture), int.Parse(fields[5], CultureInfo.InvariantCulture), Unescape(fields[6]), severity));
                }
                else
                {
                    return null;
                }
            }

            return cache;
        }
        catch (Exception failure) when (failure is FormatException or OverflowException)
        {
            return null;
        }
    }

    private static List<string> Lines(string text)
    {
        var lines = new List<string>();
        using var reader = new StringReader(text);
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Writes the cache; a failure only costs a re-check next time, so it is swallowed.</summary>
    public void Write(string path)
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n').Append(Stamp).Append('\n').Append(ContentKey).Append('\n');
        foreach (var file in FilesRead)
        {
            text.Append("R\t").Append(Escape(file)).Append('\n');
        }

        foreach (var finding in Findings)
        {
            text.Append("F\t").Append(finding.RuleId).Append('\t').Append(finding.Severity).Append('\t').Append(Escape(finding.RelativePath)).Append('\t')
                .Append(finding.Line.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(finding.Column.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(Escape(finding.Message)).Append('\n');
        }

        Infrastructure.WorkCache.TryWrite(path, text.ToString());
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

    private static string Unescape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                var next = value[++i];
                text.Append(next switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => next });
            }
            else
            {
                text.Append(value[i]);
            }
        }

        return text.ToString();
    }
}
