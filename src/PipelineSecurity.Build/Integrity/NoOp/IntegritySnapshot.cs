using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Integrity.PackageCache;

namespace PipelineSecurity.Build.Integrity.NoOp;

/// <summary>
/// What one project's last integrity check saw and concluded: the stamps of everything the check read (the assets and
/// lock files, the nuget.config files that may hold trustedSigners, and every file under every package folder of the
/// restore, as one <see cref="TreeStamp"/> per folder), taken before that check ran, and its findings. While every stamp
/// is unchanged and the oldest verdict it used is younger than <see cref="VerdictCache.MaximumAge"/>, the check would
/// conclude the same, so a no-op build replays the findings instead of parsing the restore and consulting the verdict
/// store (docs/rules/integrity.md). Kept in the project's obj folder, written whole or not at all; anything unreadable,
/// foreign or for other settings (<see cref="Key"/>) is ignored and the project is checked in full.
/// </summary>
internal sealed class IntegritySnapshot
{
    private const string Format = "PipelineSecurity.IntegritySnapshot/1";

    public IntegritySnapshot(string key, DateTime writtenUtc, DateTime oldestVerdictUtc, int packagesChecked,
        IReadOnlyList<KeyValuePair<string, string>> inputs, IReadOnlyList<KeyValuePair<string, string>> folders, IReadOnlyList<IntegrityFinding> findings)
    {
        Key = key;
        WrittenUtc = writtenUtc;
        OldestVerdictUtc = oldestVerdictUtc;
        PackagesChecked = packagesChecked;
        Inputs = inputs;
        Folders = folders;
        Findings = findings;
    }

    /// <summary>A digest of the check's settings and of this code's build: another key is another check.</summary>
    public string Key { get; }

    public DateTime WrittenUtc { get; }

    /// <summary>When the oldest verdict the check relied on was established (a full verification redoes it daily).</summary>
    public DateTime OldestVerdictUtc { get; }

    public int PackagesChecked { get; }

    /// <summary>Input files by full path, with their <see cref="FileChangeStamp.TextOf"/> text.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Inputs { get; }

    /// <summary>Package folders by full path, with their <see cref="TreeStamp.Digest"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Folders { get; }

    public IReadOnlyList<IntegrityFinding> Findings { get; }

    /// <summary>
    /// Whether the check would conclude the same at <paramref name="nowUtc"/>: the clock has not gone back, no verdict has
    /// aged past the daily full verification, and every input and package folder has the stamp it had.
    /// </summary>
    /// <param name="folderStamp">A folder's stamp now, given the digest recorded for it.</param>
    public bool StillHolds(DateTime nowUtc, Func<string, string, TreeStamp?> folderStamp)
    {
        if (nowUtc < WrittenUtc || nowUtc < OldestVerdictUtc || nowUtc - OldestVerdictUtc >= VerdictCache.MaximumAge)
        {
            return false;
        }

        if (!Unchanged(Inputs))
        {
            return false;
        }

        foreach (var folder in Folders)
        {
            if (folderStamp(folder.Key, folder.Value)?.Digest != folder.Value)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether every input file still has the stamp text recorded for it.</summary>
    public static bool Unchanged(IEnumerable<KeyValuePair<string, string>> inputs) =>
        inputs.All(input => FileChangeStamp.TextOf(input.Key) == input.Value);

    /// <summary>The snapshot at <paramref name="path"/> if it is whole, whatever its settings; otherwise null.</summary>
    public static IntegritySnapshot? Load(string path)
    {
        if (WorkCache.TryReadText(path) is not { } text)
        {
            return null;
        }

        try
        {
            return Parse(text);
        }
        catch (Exception failure) when (failure is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Writes the snapshot whole (temporary file and rename); a snapshot that cannot be written is left out, silently.</summary>
    public bool TrySave(string path)
    {
        var text = new StringBuilder();
        text.Append(Format).Append('\n');
        text.Append("key\t").Append(Key).Append('\n');
        text.Append("written\t").Append(WrittenUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("oldest\t").Append(OldestVerdictUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("packages\t").Append(PackagesChecked.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var input in Inputs)
        {
            text.Append("input\t").Append(Encode(input.Key)).Append('\t').Append(input.Value).Append('\n');
        }

        foreach (var folder in Folders)
        {
            text.Append("folder\t").Append(Encode(folder.Key)).Append('\t').Append(folder.Value).Append('\n');
        }

        foreach (var finding in Findings)
        {
            text.Append("finding\t").Append(finding.Code).Append('\t').Append(finding.IsError ? 'E' : 'W').Append('\t')
                .Append(finding.Line.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(Encode(finding.File)).Append('\t').Append(Encode(finding.Message)).Append('\t')
                .Append(Encode(finding.PackageId)).Append('\t').Append(Encode(finding.PackageVersion)).Append('\n');
        }

        text.Append("end\n");
        return WorkCache.TryWrite(path, text.ToString());
    }

    private static IntegritySnapshot? Parse(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length < 7 || lines[0] != Format || lines[lines.Length - 2] != "end" || lines[lines.Length - 1].Length != 0)
        {
            return null;
        }

        string? storedKey = null;
        long written = -1, oldest = -1;
        var packages = -1;
        var inputs = new List<KeyValuePair<string, string>>();
        var folders = new List<KeyValuePair<string, string>>();
        var findings = new List<IntegrityFinding>();
        foreach (var line in lines.Skip(1).Take(lines.Length - 3))
        {
            var fields = line.Split('\t');
            switch (fields[0])
            {
                case "key" when fields.Length == 2:
                    storedKey = fields[1];
                    break;
                case "written" when fields.Length == 2:
                    written = long.Parse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "oldest" when fields.Length == 2:
                    oldest = long.Parse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "packages" when fields.Length == 2:
                    packages = int.Parse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "input" when fields.Length == 3:
                    inputs.Add(new(Decode(fields[1]) ?? throw new FormatException(), fields[2]));
                    break;
                case "folder" when fields.Length == 3:
                    folders.Add(new(Decode(fields[1]) ?? throw new FormatException(), fields[2]));
                    break;
                case "finding" when fields.Length == 8 && fields[2] is "E" or "W":
                    findings.Add(new IntegrityFinding(fields[1], fields[2] == "E", Decode(fields[5]) ?? "", Decode(fields[4]),
                        Decode(fields[6]), Decode(fields[7]), int.Parse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture)));
                    break;
                default:
                    return null;
            }
        }

        if (storedKey is null || written < 0 || oldest < 0 || packages < 0 || written > DateTime.MaxValue.Ticks || oldest > DateTime.MaxValue.Ticks)
        {
            return null;
        }

        return new IntegritySnapshot(storedKey, new DateTime(written, DateTimeKind.Utc), new DateTime(oldest, DateTimeKind.Utc), packages, inputs, folders, findings);
    }

    private static string Encode(string? value) => value is null ? "-" : "=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static string? Decode(string field) => field == "-" ? null
        : field.StartsWith("=", StringComparison.Ordinal) ? Encoding.UTF8.GetString(Convert.FromBase64String(field.Substring(1)))
        : throw new FormatException();
}
