using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NuGet.Versioning;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Policy.Advisories;

/// <summary>
/// Reads a folder of OSV JSON records (an export of the GitHub Advisory Database, for instance), recursively, keeping
/// only NuGet entries. Records are indexed by package id, case-insensitively: OSV spells some ids differently from
/// NuGet (Microsoft.NetCore.App vs Microsoft.NETCore.App). A bad record is an error naming the file and position.
/// </summary>
internal static class OsvDatabaseReader
{
    public static OsvDatabase ReadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new OsvDatabaseException($"the advisory database folder '{folder}' does not exist", folder, null);
        }

        var advisories = new List<OsvAdvisory>();
        foreach (var file in OsvFolderListing.RecordFiles(folder))
        {
            if (ReadRecord(file.FullName) is { } advisory)
            {
                advisories.Add(advisory);
            }
        }

        return new OsvDatabase(advisories);
    }

    /// <summary>Reads one record; returns null when it names no NuGet package (a record of another ecosystem).</summary>
    public static OsvAdvisory? ReadRecord(string file)
    {
        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(file, InputKind.AdvisoryRecord);
        }
        catch (InputRefusedException refused)
        {
            throw new OsvDatabaseException($"{refused.Message.TrimEnd('.')} ({refused.Code})", file, null);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw new OsvDatabaseException($"'{file}' cannot be read: {failure.Message}", file, null);
        }

        return Parse(bytes, file);
    }

    public static OsvAdvisory? Parse(byte[] utf8, string file)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 64 });
            return FromElement(document.RootElement, file);
        }
        catch (JsonException syntax)
        {
            var position = syntax.LineNumber is { } line ? $" at line {line + 1}, column {(syntax.BytePositionInLine ?? 0) + 1}" : "";
            throw new OsvDatabaseException($"'{file}' is not valid JSON{position}", file, (int?)(syntax.LineNumber + 1));
        }
        catch (InvalidOperationException wrongType)
        {
            // JsonElement accessors throw this when a field has another JSON type than OSV specifies.
            throw new OsvDatabaseException($"'{file}' is not an OSV record: {wrongType.Message}", file, null);
        }
    }

    private static OsvAdvisory? FromElement(JsonElement root, string file)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String)
        {
            throw new OsvDatabaseException($"'{file}' is not an OSV record: it has no string 'id'", file, null);
        }

        var id = idElement.GetString()!;
        var affected = new List<OsvAffectedPackage>();
        if (root.TryGetProperty("affected", out var affectedArray) && affectedArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in affectedArray.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object
                    || !entry.TryGetProperty("package", out var package)
                    || package.ValueKind != JsonValueKind.Object
                    || !package.TryGetProperty("ecosystem", out var ecosystem)
                    || !string.Equals(ecosystem.GetString(), "NuGet", StringComparison.OrdinalIgnoreCase)
                    || !package.TryGetProperty("name", out var nameElement)
                    || nameElement.GetString() is not { Length: > 0 } name)
                {
                    continue;
                }

                affected.Add(new OsvAffectedPackage(name, Ranges(entry, id, file), ListedVersions(entry, id, file)));
            }
        }

        if (affected.Count == 0)
        {
            return null;
        }

        var aliases = root.TryGetProperty("aliases", out var aliasArray) && aliasArray.ValueKind == JsonValueKind.Array
            ? aliasArray.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToArray()
            : Array.Empty<string>();
        var summary = root.TryGetProperty("summary", out var summaryElement) && summaryElement.ValueKind == JsonValueKind.String ? summaryElement.GetString()! : id;
        var withdrawn = root.TryGetProperty("withdrawn", out var withdrawnElement) && withdrawnElement.ValueKind == JsonValueKind.String;
        return new OsvAdvisory(id, aliases, summary, Severity(root), withdrawn, affected, file);
    }

    private static List<OsvRange> Ranges(JsonElement entry, string id, string file)
    {
        var ranges = new List<OsvRange>();
        if (!entry.TryGetProperty("ranges", out var rangeArray) || rangeArray.ValueKind != JsonValueKind.Array)
        {
            return ranges;
        }

        foreach (var range in rangeArray.EnumerateArray())
        {
            // SEMVER ranges would be ordered by SemVer 2.0, which NuGet versions follow for these records; GIT ranges name commits.
            var type = range.TryGetProperty("type", out var typeElement) ? typeElement.GetString() : null;
            if (type is not ("ECOSYSTEM" or "SEMVER") || !range.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var parsed = new List<OsvEvent>();
            foreach (var e in events.EnumerateArray())
            {
                foreach (var property in e.EnumerateObject())
                {
                    var kind = property.Name switch
                    {
                        "introduced" => OsvEventKind.Introduced,
                        "fixed" => OsvEventKind.Fixed,
                        "last_affected" => OsvEventKind.LastAffected,
                        "limit" => OsvEventKind.Limit,
                        _ => (OsvEventKind?)null,
                    };
                    if (kind is null)
                    {
                        continue;
                    }

                    var text = property.Value.GetString() ?? "";
                    if (kind == OsvEventKind.Introduced && text == "0")
                    {
                        parsed.Add(new OsvEvent(kind.Value, null));
                    }
                    else if (NuGetVersion.TryParse(text, out var version))
                    {
                        parsed.Add(new OsvEvent(kind.Value, version));
                    }
                    else
                    {
                        throw new OsvDatabaseException($"'{file}' ({id}): '{text}' in a '{property.Name}' event is not a NuGet version", file, null);
                    }
                }
            }

            // OSV does not require events in order; evaluation needs them sorted (introduced "0" first).
            parsed.Sort((a, b) => a.Version is null ? (b.Version is null ? 0 : -1) : b.Version is null ? 1 : VersionComparer.Default.Compare(a.Version, b.Version));
            ranges.Add(new OsvRange(parsed));
        }

        return ranges;
    }

    private static List<NuGetVersion> ListedVersions(JsonElement entry, string id, string file)
    {
        var versions = new List<NuGetVersion>();
        if (entry.TryGetProperty("versions", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && NuGetVersion.TryParse(item.GetString(), out var version))
                {
                    versions.Add(version);
                }
                else
                {
                    throw new OsvDatabaseException($"'{file}' ({id}): '{item}' in 'versions' is not a NuGet version", file, null);
                }
            }
        }

        return versions;
    }

    /// <summary>GitHub's qualitative severity (database_specific.severity); records without one are Unknown.</summary>
    private static AdvisorySeverity Severity(JsonElement root)
    {
        if (root.TryGetProperty("database_specific", out var specific)
            && specific.ValueKind == JsonValueKind.Object
            && specific.TryGetProperty("severity", out var severity)
            && severity.ValueKind == JsonValueKind.String)
        {
            return ParseSeverity(severity.GetString());
        }

        return AdvisorySeverity.Unknown;
    }

    public static AdvisorySeverity ParseSeverity(string? text) => text?.ToUpperInvariant() switch
    {
        "LOW" => AdvisorySeverity.Low,
        "MODERATE" or "MEDIUM" => AdvisorySeverity.Moderate,
        "HIGH" => AdvisorySeverity.High,
        "CRITICAL" => AdvisorySeverity.Critical,
        _ => AdvisorySeverity.Unknown,
    };
}

/// <summary>The advisories of a database, indexed by package id for a cheap lookup per restored package.</summary>
internal sealed class OsvDatabase
{
    private readonly Dictionary<string, List<(OsvAdvisory Advisory, OsvAffectedPackage Package)>> _byPackage = new(StringComparer.OrdinalIgnoreCase);

    public OsvDatabase(IReadOnlyList<OsvAdvisory> advisories)
    {
        Advisories = advisories;
        foreach (var advisory in advisories)
        {
            // A withdrawn record is an error or a duplicate of another: it must never be reported.
            if (advisory.Withdrawn)
            {
                continue;
            }

            foreach (var package in advisory.Affected)
            {
                if (!_byPackage.TryGetValue(package.Name, out var list))
                {
                    _byPackage[package.Name] = list = new List<(OsvAdvisory, OsvAffectedPackage)>();
                }

                list.Add((advisory, package));
            }
        }
    }

    public IReadOnlyList<OsvAdvisory> Advisories { get; }

    /// <summary>The live advisories that affect this package version, each once, in id order.</summary>
    public IReadOnlyList<OsvAdvisory> Match(string packageId, NuGetVersion version)
    {
        if (!_byPackage.TryGetValue(packageId, out var candidates))
        {
            return Array.Empty<OsvAdvisory>();
        }

        return candidates
            .Where(c => c.Package.Affects(version))
            .Select(c => c.Advisory)
            .Distinct()
            .OrderBy(a => a.Id, StringComparer.Ordinal)
            .ToArray();
    }
}

internal sealed class OsvDatabaseException : Exception
{
    public OsvDatabaseException(string message, string file, int? line)
        : base(message)
    {
        File = file;
        Line = line;
    }

    public string File { get; }

    public int? Line { get; }
}
