using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.CodeScanning.Baseline;

/// <summary>One known finding: the project it belongs to, its rule, its path relative to the source root and its fingerprint. Never a value.</summary>
internal sealed record BaselineEntry(string Project, string Rule, string Path, string Fingerprint)
{
    public static readonly IComparer<BaselineEntry> Order = Comparer<BaselineEntry>.Create((a, b) =>
    {
        var c = string.CompareOrdinal(a.Project, b.Project);
        c = c != 0 ? c : string.CompareOrdinal(a.Path, b.Path);
        c = c != 0 ? c : string.CompareOrdinal(a.Rule, b.Rule);
        return c != 0 ? c : string.CompareOrdinal(a.Fingerprint, b.Fingerprint);
    });
}

/// <summary>
/// pipeline-security.baseline.json: the findings a team accepted when it turned the gate on, one entry per finding,
/// sorted so that diffs show exactly what was added or fixed. Several projects share one file; each owns its entries.
/// </summary>
internal static class BaselineFile
{
    public const string DefaultName = "pipeline-security.baseline.json";
    public const int Version = 1;

    /// <summary>The entries of the file; none when it does not exist. Throws <see cref="BuildDiagnosticException"/> (PSF6020) for a damaged file.</summary>
    public static IReadOnlyList<BaselineEntry> Read(string path)
    {
        if (!File.Exists(path))
        {
            return Array.Empty<BaselineEntry>();
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw Invalid(path, $"it cannot be read ({failure.Message})");
        }

        return Parse(bytes, path);
    }

    public static IReadOnlyList<BaselineEntry> Parse(byte[] bytes, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16, AllowTrailingCommas = false });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, "it is not a JSON object");
            }

            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != Version)
            {
                throw Invalid(path, $"its \"version\" must be {Version}");
            }

            if (!root.TryGetProperty("findings", out var findings) || findings.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(path, "it has no \"findings\" array");
            }

            var entries = new List<BaselineEntry>();
            var index = 0;
            foreach (var item in findings.EnumerateArray())
            {
                string Field(string name) =>
                    item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
                        ? text
                        : throw Invalid(path, $"finding {index} has no \"{name}\" string");

                entries.Add(new BaselineEntry(Field("project"), Field("rule"), Field("path"), Field("fingerprint")));
                index++;
            }

            return entries;
        }
        catch (JsonException bad)
        {
            throw Invalid(path, $"it is not valid JSON (line {(bad.LineNumber ?? 0) + 1}: {bad.Message})");
        }
    }

    /// <summary>Sorted, one entry per line-group, stable bytes for the same entries.</summary>
    public static byte[] Write(IEnumerable<BaselineEntry> entries)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", Version);
            writer.WriteString("comment", "Findings accepted when the gate was turned on. Builds report them as suppressed and fail only on new ones. Regenerate with -p:PipelineSecurityBaselineUpdate=true; fix findings to shrink it.");
            writer.WriteStartArray("findings");
            foreach (var entry in entries.Distinct().OrderBy(e => e, BaselineEntry.Order))
            {
                writer.WriteStartObject();
                writer.WriteString("project", entry.Project);
                writer.WriteString("rule", entry.Rule);
                writer.WriteString("path", entry.Path);
                writer.WriteString("fingerprint", entry.Fingerprint);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>
    /// Replaces <paramref name="project"/>'s entries with <paramref name="entries"/> and keeps every other project's,
    /// under a cross-process lock and with an atomic replace, so projects building in parallel never lose each other's
    /// entries or leave a half-written file. Returns whether the file changed.
    /// </summary>
    public static bool Update(string path, string project, IEnumerable<BaselineEntry> entries)
    {
        using var gate = CrossProcessLock.Acquire(path, TimeSpan.FromMinutes(2));
        var others = Read(path).Where(e => !string.Equals(e.Project, project, StringComparison.Ordinal));
        return OutputFile.WriteIfChanged(path, Write(others.Concat(entries)));
    }

    private static BuildDiagnosticException Invalid(string path, string why) => BuildDiagnostics.BaselineInvalid.Failure(path, why);
}
