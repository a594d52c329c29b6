using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace PipelineSecurity.Build.CodeScanning;

/// <summary>PipelineSecurity's findings and rule descriptions from the compiler's SARIF 2.1 error log (/errorlog).</summary>
public sealed record CompilerLog(IReadOnlyList<ScanFinding> Findings, IReadOnlyList<CodeScanningRule> Rules)
{
    public static readonly CompilerLog Empty = new(Array.Empty<ScanFinding>(), Array.Empty<CodeScanningRule>());

    /// <summary>
    /// Keeps the results of PSF rules (with their full region and whether the source suppresses them) and the PSF
    /// rules' table entries, whose tags the analyzers' descriptors set. A result suppressed in source is kept with an
    /// in-source suppression. Throws <see cref="InvalidDataException"/> for a file that is not a SARIF log.
    /// </summary>
    public static CompilerLog Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"the compiler's error log '{path}' cannot be read: {failure.Message}");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 128 });
            var findings = new List<ScanFinding>();
            var rules = new Dictionary<string, CodeScanningRule>(StringComparer.Ordinal);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
            {
                return Empty;
            }

            foreach (var run in runs.EnumerateArray())
            {
                ReadRules(run, rules);
                if (run.ValueKind != JsonValueKind.Object || !run.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var result in results.EnumerateArray())
                {
                    if (ReadResult(result) is { } finding)
                    {
                        findings.Add(finding);
                    }
                }
            }

            return new CompilerLog(findings, rules.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToArray());
        }
        catch (Exception failure) when (failure is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"the compiler's error log '{path}' is not a SARIF log ({failure.Message}). Delete it and rebuild.");
        }
    }

    public static bool IsPipelineSecurityRule(string? ruleId) =>
        ruleId is not null && ruleId.Length == 7 && ruleId.StartsWith("PSF", StringComparison.Ordinal) && ruleId.Skip(3).All(char.IsDigit);

    private static ScanFinding? ReadResult(JsonElement result)
    {
        var ruleId = String(result, "ruleId");
        if (!IsPipelineSecurityRule(ruleId))
        {
            return null;
        }

        // "none" is a hidden (silent) diagnostic: configuration chose not to show it.
        var level = String(result, "level") switch
        {
            "error" => FindingLevel.Error,
            "note" => FindingLevel.Note,
            "none" => (FindingLevel?)null,
            _ => FindingLevel.Warning,
        };
        if (level is null)
        {
            return null;
        }

        var message = result.TryGetProperty("message", out var m) ? (m.ValueKind == JsonValueKind.String ? m.GetString() : String(m, "text")) ?? "" : "";
        string? file = null;
        int startLine = 0, startColumn = 0, endLine = 0, endColumn = 0;
        if (result.TryGetProperty("locations", out var locations) && locations.ValueKind == JsonValueKind.Array && locations.GetArrayLength() > 0
            && locations[0].ValueKind == JsonValueKind.Object && locations[0].TryGetProperty("physicalLocation", out var physical) && physical.ValueKind == JsonValueKind.Object)
        {
            if (physical.TryGetProperty("artifactLocation", out var artifact) && String(artifact, "uri") is { } uri)
            {
                file = Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.IsFile ? absolute.LocalPath : Uri.UnescapeDataString(uri);
            }

            if (physical.TryGetProperty("region", out var region) && region.ValueKind == JsonValueKind.Object)
            {
                startLine = Int(region, "startLine");
                startColumn = Int(region, "startColumn");
                endLine = Int(region, "endLine");
                endColumn = Int(region, "endColumn");
            }
        }

        FindingSuppression? suppression = null;
        if (result.TryGetProperty("suppressions", out var suppressions) && suppressions.ValueKind == JsonValueKind.Array && suppressions.GetArrayLength() > 0)
        {
            var justification = suppressions.EnumerateArray().Select(s => String(s, "justification")).FirstOrDefault(j => !string.IsNullOrEmpty(j));
            suppression = new FindingSuppression(FindingSuppression.InSource, justification ?? "Suppressed in source (#pragma or [SuppressMessage]).");
        }

        return new ScanFinding(ruleId!, level.Value, message, file, startLine, startColumn)
        {
            EndLine = endLine,
            EndColumn = endColumn,
            Source = Sources.Analyzer,
            Suppression = suppression,
        };
    }

    private static void ReadRules(JsonElement run, Dictionary<string, CodeScanningRule> rules)
    {
        if (run.ValueKind != JsonValueKind.Object || !run.TryGetProperty("tool", out var tool) || tool.ValueKind != JsonValueKind.Object
            || !tool.TryGetProperty("driver", out var driver) || driver.ValueKind != JsonValueKind.Object
            || !driver.TryGetProperty("rules", out var table) || table.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var rule in table.EnumerateArray())
        {
            var id = String(rule, "id");
            if (!IsPipelineSecurityRule(id) || rules.ContainsKey(id!))
            {
                continue;
            }

            var title = rule.TryGetProperty("shortDescription", out var shortDescription) ? String(shortDescription, "text") ?? id! : id!;
            var description = rule.TryGetProperty("fullDescription", out var fullDescription) ? String(fullDescription, "text") ?? title : title;
            var tags = rule.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                       && properties.TryGetProperty("tags", out var tagArray) && tagArray.ValueKind == JsonValueKind.Array
                ? tagArray.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToArray()
                : Array.Empty<string>();
            var level = rule.TryGetProperty("defaultConfiguration", out var configuration) ? String(configuration, "level") : null;
            rules[id!] = new CodeScanningRule(id!, PascalName(title), title, description, String(rule, "helpUri") ?? HelpLinks.For(id!))
            {
                Tags = tags,
                DefaultLevel = level switch
                {
                    "error" => FindingLevel.Error,
                    "note" or "none" => FindingLevel.Note,
                    _ => FindingLevel.Warning,
                },
            };
        }
    }

    /// <summary>"Private key hard-coded in source" → "PrivateKeyHardCodedInSource".</summary>
    public static string PascalName(string title)
    {
        var builder = new StringBuilder(title.Length);
        var upper = true;
        foreach (var c in title)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        return builder.Length == 0 ? "Rule" : builder.ToString();
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : 0;
}
