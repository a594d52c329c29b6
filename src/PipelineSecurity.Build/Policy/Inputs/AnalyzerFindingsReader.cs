using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Policy.Inputs;

/// <summary>A PSF1xxx/PSF2xxx diagnostic the compiler reported, from its SARIF error log (message as the analyzer redacted it).</summary>
internal sealed record AnalyzerFinding(string RuleId, string Message, string? File, int Line, int Column, bool SuppressedInSource, string Level)
{
    public int EndLine { get; init; }

    public int EndColumn { get; init; }
}

/// <summary>
/// What the compiler's log says about PipelineSecurity's secret and configuration rules: their findings, and the rules
/// that configuration switched off somewhere (.editorconfig or global config severity "none", NoWarn), which the
/// compiler marks in the rule table as ever suppressed externally (a rule off by default is not counted).
/// </summary>
internal sealed record AnalyzerLog(IReadOnlyList<AnalyzerFinding> Findings, IReadOnlyList<string> RulesDisabledByConfiguration)
{
    /// <summary>The findings of every PipelineSecurity rule (PSF and four digits), which the upload SARIF reports.</summary>
    public IReadOnlyList<AnalyzerFinding> PipelineSecurityFindings { get; init; } = Array.Empty<AnalyzerFinding>();

    /// <summary>The PipelineSecurity rules' entries of the compiler's rule table (descriptions, help link, tags).</summary>
    public IReadOnlyList<CodeScanning.CodeScanningRule> Rules { get; init; } = Array.Empty<CodeScanning.CodeScanningRule>();
}

/// <summary>
/// Reads the compiler's error log (/errorlog, SARIF 1.0 or 2.1) and keeps PipelineSecurity's secret and configuration
/// findings, including those suppressed in source (#pragma, [SuppressMessage]) which the log records with a suppression.
/// </summary>
internal static class AnalyzerFindingsReader
{
    public static IReadOnlyList<AnalyzerFinding> Read(string path) => ReadLog(path).Findings;

    /// <summary>
    /// Reads the log, tolerating a concurrent writer: another build of the same project may be rewriting it (the compiler
    /// truncates the log and streams it as it compiles). A log that is empty, an unfinished JSON text or locked is read
    /// again, with a growing pause, until it parses or <see cref="InputLimits.ReadTimeout"/> has passed; a log that is
    /// damaged (not a prefix of any JSON text) is PSF6010 at once.
    /// </summary>
    public static AnalyzerLog ReadLog(string path)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        var timeout = InputLimits.Current.ReadTimeout;
        var pause = 50;
        while (true)
        {
            try
            {
                return ReadLogOnce(path);
            }
            catch (InvalidDataException incomplete) when (incomplete.Data.Contains(IncompleteKey) && deadline.Elapsed + TimeSpan.FromMilliseconds(pause) < timeout)
            {
                System.Threading.Thread.Sleep(pause);
                pause = Math.Min(pause * 2, 1000);
            }
        }
    }

    private static AnalyzerLog ReadLogOnce(string path)
    {
        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(path, InputKind.CompilerErrorLog);
        }
        catch (IOException locked) when (locked is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw Incomplete($"the compiler's error log '{path}' cannot be read: {locked.Message}");
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"the compiler's error log '{path}' cannot be read: {failure.Message}");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 128 });
            var findings = new List<AnalyzerFinding>();
            var disabled = new SortedSet<string>(StringComparer.Ordinal);
            var rules = new Dictionary<string, CodeScanning.CodeScanningRule>(StringComparer.Ordinal);
            if (!document.RootElement.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
            {
                return new AnalyzerLog(findings, Array.Empty<string>());
            }

            foreach (var run in runs.EnumerateArray())
            {
                CollectDisabledRules(run, disabled);
                CollectRules(run, rules);
                if (!run.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var result in results.EnumerateArray())
                {
                    var ruleId = result.TryGetProperty("ruleId", out var id) ? id.GetString() : null;
                    if (!CodeScanning.CompilerLog.IsPipelineSecurityRule(ruleId))
                    {
                        continue;
                    }

                    var (file, line, column, endLine, endColumn) = Location(result);
                    var suppressed = (result.TryGetProperty("suppressions", out var suppressions) && suppressions.ValueKind == JsonValueKind.Array && suppressions.GetArrayLength() > 0)
                                     || (result.TryGetProperty("suppressionStates", out var states) && states.ValueKind == JsonValueKind.Array && states.GetArrayLength() > 0);
                    var level = result.TryGetProperty("level", out var levelElement) && levelElement.ValueKind == JsonValueKind.String ? levelElement.GetString()! : "warning";
                    findings.Add(new AnalyzerFinding(ruleId!, Message(result), file, line, column, suppressed, level) { EndLine = endLine, EndColumn = endColumn });
                }
            }

            return new AnalyzerLog(findings.Where(f => IsSecretOrConfigurationRule(f.RuleId)).ToArray(), disabled.ToArray())
            {
                PipelineSecurityFindings = findings,
                Rules = rules.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToArray(),
            };
        }
        catch (JsonException unfinished) when (IsUnfinishedJson(bytes))
        {
            throw Incomplete($"the compiler's error log '{path}' is incomplete ({unfinished.Message}): is another build of this project compiling it? Build the project once at a time, or delete the log and rebuild.");
        }
        catch (Exception failure) when (failure is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"the compiler's error log '{path}' is not a SARIF log ({failure.Message}). Delete it and rebuild.");
        }
    }

    /// <summary>Empty, or a valid beginning of a JSON text that stops early: what a reader sees while a compiler writes the log.</summary>
    private static bool IsUnfinishedJson(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return true;
        }

        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { MaxDepth = 128 }));
        try
        {
            while (reader.Read())
            {
            }

            // Ran out of input inside the text (not after a complete value followed by garbage).
            return reader.CurrentDepth > 0 || reader.BytesConsumed < bytes.Length;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private const string IncompleteKey = "PipelineSecurity.IncompleteLog";

    /// <summary>The log is being written by someone else right now: worth reading again shortly (PSF6010 if it stays so).</summary>
    private static InvalidDataException Incomplete(string message)
    {
        var failure = new InvalidDataException(message);
        failure.Data[IncompleteKey] = true;
        return failure;
    }

    /// <summary>SARIF 2.1 rule table: properties.isEverSuppressed "true" with suppressionKinds containing "external".</summary>
    private static void CollectDisabledRules(JsonElement run, SortedSet<string> disabled)
    {
        if (!run.TryGetProperty("tool", out var tool) || !tool.TryGetProperty("driver", out var driver)
            || !driver.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var rule in rules.EnumerateArray())
        {
            if (!rule.TryGetProperty("id", out var id) || id.GetString() is not { } ruleId || !IsSecretOrConfigurationRule(ruleId)
                || !rule.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var offByDefault = rule.TryGetProperty("defaultConfiguration", out var configuration) && configuration.ValueKind == JsonValueKind.Object
                && configuration.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.False;
            var everSuppressed = properties.TryGetProperty("isEverSuppressed", out var ever) && string.Equals(ever.ToString(), "true", StringComparison.OrdinalIgnoreCase);
            var external = properties.TryGetProperty("suppressionKinds", out var kinds) && kinds.ValueKind == JsonValueKind.Array
                && kinds.EnumerateArray().Any(k => k.ValueKind == JsonValueKind.String && k.GetString() == "external");
            if (everSuppressed && external && !offByDefault)
            {
                disabled.Add(ruleId);
            }
        }
    }

    /// <summary>The PipelineSecurity rules of the compiler's rule table, with the tags the analyzers' descriptors carry (security, category, CWE).</summary>
    private static void CollectRules(JsonElement run, Dictionary<string, CodeScanning.CodeScanningRule> rules)
    {
        if (!run.TryGetProperty("tool", out var tool) || !tool.TryGetProperty("driver", out var driver)
            || !driver.TryGetProperty("rules", out var table) || table.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var rule in table.EnumerateArray())
        {
            if (!rule.TryGetProperty("id", out var idElement) || idElement.GetString() is not { } id || !CodeScanning.CompilerLog.IsPipelineSecurityRule(id) || rules.ContainsKey(id))
            {
                continue;
            }

            var title = Text(rule, "shortDescription") ?? id;
            var tags = rule.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                       && properties.TryGetProperty("tags", out var tagArray) && tagArray.ValueKind == JsonValueKind.Array
                ? tagArray.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToArray()
                : Array.Empty<string>();
            var level = rule.TryGetProperty("defaultConfiguration", out var configuration) && configuration.ValueKind == JsonValueKind.Object
                        && configuration.TryGetProperty("level", out var levelElement) && levelElement.ValueKind == JsonValueKind.String
                ? levelElement.GetString()
                : null;
            var helpUri = rule.TryGetProperty("helpUri", out var help) && help.ValueKind == JsonValueKind.String ? help.GetString()! : HelpLinks.For(id);
            rules[id] = new CodeScanning.CodeScanningRule(id, CodeScanning.CompilerLog.PascalName(title), title, Text(rule, "fullDescription") ?? title, helpUri)
            {
                Tags = tags,
                DefaultLevel = level switch
                {
                    "error" => CodeScanning.FindingLevel.Error,
                    "note" or "none" => CodeScanning.FindingLevel.Note,
                    _ => CodeScanning.FindingLevel.Warning,
                },
            };
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object && value.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString()
            : null;

    public static bool IsSecretOrConfigurationRule(string ruleId) =>
        ruleId.Length == 7 && (ruleId.StartsWith("PSF1", StringComparison.Ordinal) || ruleId.StartsWith("PSF2", StringComparison.Ordinal));

    private static string Message(JsonElement result)
    {
        if (!result.TryGetProperty("message", out var message))
        {
            return "";
        }

        // SARIF 2.1: { "text": "..." }; SARIF 1.0: a plain string.
        if (message.ValueKind == JsonValueKind.String)
        {
            return message.GetString()!;
        }

        return message.ValueKind == JsonValueKind.Object && message.TryGetProperty("text", out var text) ? text.GetString() ?? "" : "";
    }

    private static (string? File, int Line, int Column, int EndLine, int EndColumn) Location(JsonElement result)
    {
        if (!result.TryGetProperty("locations", out var locations) || locations.ValueKind != JsonValueKind.Array || locations.GetArrayLength() == 0)
        {
            return (null, 0, 0, 0, 0);
        }

        var location = locations[0];
        JsonElement artifact = default, region = default;
        var found = false;
        if (location.TryGetProperty("physicalLocation", out var physical))
        {
            found = physical.TryGetProperty("artifactLocation", out artifact);
            physical.TryGetProperty("region", out region);
        }
        else if (location.TryGetProperty("resultFile", out var resultFile))
        {
            artifact = resultFile;
            found = true;
            resultFile.TryGetProperty("region", out region);
        }

        if (!found || !artifact.TryGetProperty("uri", out var uri) || uri.GetString() is not { } uriText)
        {
            return (null, 0, 0, 0, 0);
        }

        var file = Uri.TryCreate(uriText, UriKind.Absolute, out var absolute) && absolute.IsFile ? absolute.LocalPath : Uri.UnescapeDataString(uriText);
        var line = region.ValueKind == JsonValueKind.Object && region.TryGetProperty("startLine", out var l) ? l.GetInt32() : 0;
        var column = region.ValueKind == JsonValueKind.Object && region.TryGetProperty("startColumn", out var c) ? c.GetInt32() : 0;
        var endLine = region.ValueKind == JsonValueKind.Object && region.TryGetProperty("endLine", out var el) ? el.GetInt32() : 0;
        var endColumn = region.ValueKind == JsonValueKind.Object && region.TryGetProperty("endColumn", out var ec) ? ec.GetInt32() : 0;
        return (file, line, column, endLine, endColumn);
    }
}
