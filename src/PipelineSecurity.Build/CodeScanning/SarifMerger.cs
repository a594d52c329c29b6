using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.CodeScanning;

/// <summary>
/// Keeps one SARIF file holding the runs of every project of a build (the file a CI step uploads): each project's
/// build replaces its own run (same <c>automationDetails.id</c>) and keeps the others', under a cross-process lock,
/// written whole through a rename. Runs are sorted by id, so the file does not depend on build order.
/// </summary>
internal static class SarifMerger
{
    public static void MergeInto(string mergedFile, byte[] projectLog)
    {
        using var gate = CrossProcessLock.Acquire(mergedFile, TimeSpan.FromMinutes(2));
        byte[]? existing = null;
        if (File.Exists(mergedFile))
        {
            try
            {
                existing = File.ReadAllBytes(mergedFile);
            }
            catch (IOException)
            {
                existing = null;
            }
        }

        OutputFile.WriteIfChanged(mergedFile, Merge(existing, projectLog));
    }

    /// <summary>The runs of <paramref name="existing"/> (unreadable content is dropped) with those of <paramref name="projectLog"/> replacing runs of the same id.</summary>
    public static byte[] Merge(byte[]? existing, byte[] projectLog)
    {
        using var incoming = JsonDocument.Parse(projectLog);
        JsonDocument? previous = null;
        try
        {
            if (existing is { Length: > 0 })
            {
                try
                {
                    previous = JsonDocument.Parse(existing);
                }
                catch (JsonException)
                {
                    previous = null;
                }
            }

            var runs = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var run in Runs(previous))
            {
                runs[AutomationId(run)] = run;
            }

            foreach (var run in Runs(incoming))
            {
                runs[AutomationId(run)] = run;
            }

            return UploadSarifWriter.WriteLog(writer =>
            {
                foreach (var run in runs.Values)
                {
                    run.WriteTo(writer);
                }
            });
        }
        finally
        {
            previous?.Dispose();
        }
    }

    private static IEnumerable<JsonElement> Runs(JsonDocument? document)
    {
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
        {
            return Array.Empty<JsonElement>();
        }

        return runs.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object).ToArray();
    }

    private static string AutomationId(JsonElement run) =>
        run.TryGetProperty("automationDetails", out var details) && details.ValueKind == JsonValueKind.Object
        && details.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()!
            : "";
}
