using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace PipelineSecurity.Build.Pipelines.State;

/// <summary>
/// The owner's last result: the stamp (paths, lengths and write times of every file read, .editorconfig files and
/// the rules' version), the content key (a SHA-256 of the same files' bytes), the files read, and the findings
/// (after severities and inline suppressions; messages hold no secret), and the walk's listing when it can be replayed
/// (<see cref="RepositoryListing"/>). Written through a temporary file and a rename.
/// </summary>
internal sealed class CheckResultCache
{
    private const string Header = "pipeline-security-ci-check 2";

    public string Stamp { get; set; } = string.Empty;

    public string ContentKey { get; set; } = string.Empty;

    public List<string> FilesRead { get; } = new();

    public List<PipelineFinding> Findings { get; } = new();

    /// <summary>The walk that found the files, when it can stand for the next one while its folders keep their stamps.</summary>
    public RepositoryListing? Listing { get; set; }

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
            string? listedRoot = null;
            var listedFiles = new List<RepositoryFile>();
            var listedEditorConfigs = new List<string>();
            var listedFolders = new List<KeyValuePair<string, string>>();
            for (var i = 3; i < lines.Count; i++)
            {
                var fields = lines[i].Split('\t');
                if (fields[0] == "R" && fields.Length == 2)
                {
                    cache.FilesRead.Add(Unescape(fields[1]));
                }
                else if (fields[0] == "L" && fields.Length == 2 && listedRoot is null)
                {
                    listedRoot = Unescape(fields[1]);
                }
                else if (fields[0] == "D" && fields.Length == 3 && listedRoot is not null)
                {
                    listedFolders.Add(new KeyValuePair<string, string>(Unescape(fields[1]), Unescape(fields[2])));
                }
                else if (fields[0] == "P" && fields.Length == 4 && listedRoot is not null && Enum.TryParse<PipelineFileKind>(fields[1], out var kind)
                    && Enum.IsDefined(typeof(PipelineFileKind), kind) && fields[2] is "0" or "1")
                {
                    var relative = Unescape(fields[3]);
                    var full = Path.Combine(listedRoot, relative.Replace('/', Path.DirectorySeparatorChar));
                    listedFiles.Add(new RepositoryFile(full, relative, kind, fields[2] == "1"));
                }
                else if (fields[0] == "E" && fields.Length == 2 && listedRoot is not null)
                {
                    listedEditorConfigs.Add(Unescape(fields[1]));
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

            if (listedRoot is not null && listedFolders.Count > 0)
            {
                cache.Listing = new RepositoryListing(listedRoot, listedFiles, listedEditorConfigs, listedFolders);
            }

            return cache;
        }
        catch (Exception failure) when (failure is FormatException or OverflowException or ArgumentException)
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

        if (Listing?.Folders is { Count: > 0 } folders)
        {
            text.Append("L\t").Append(Escape(Listing.Root)).Append('\n');
            foreach (var folder in folders)
            {
                text.Append("D\t").Append(Escape(folder.Key)).Append('\t').Append(Escape(folder.Value)).Append('\n');
            }

            foreach (var file in Listing.Files)
            {
                text.Append("P\t").Append(file.Kind).Append('\t').Append(file.ScanSecrets ? '1' : '0').Append('\t').Append(Escape(file.RelativePath)).Append('\n');
            }

            foreach (var editorConfig in Listing.EditorConfigs)
            {
                text.Append("E\t").Append(Escape(editorConfig)).Append('\n');
            }
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
