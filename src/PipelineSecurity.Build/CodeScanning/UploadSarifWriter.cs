using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PipelineSecurity.Build.CodeScanning;

/// <summary>One project's (and configuration's) findings as one SARIF run.</summary>
internal sealed record CodeScanningRun(string AutomationId, SourceRoot Root, string ToolVersion, IReadOnlyList<ScanFinding> Findings, IReadOnlyList<CodeScanningRule> Rules)
{
    public GitProvenance? Provenance { get; init; }

    /// <summary>Project, configuration and target framework, written into the run's properties.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Writes SARIF 2.1.0 that code scanning ingests as is (the SARIF multitool's GitHub rules report no error): URIs
/// relative to <c>%SRCROOT%</c> with <c>originalUriBaseIds</c>, a region on every result, <c>partialFingerprints</c>,
/// rules with descriptions, Markdown help, tags and <c>security-severity</c>, <c>automationDetails</c> and, in a git
/// repository, <c>versionControlProvenance</c>. Passes are not results (the audit log keeps them).
/// </summary>
internal static class UploadSarifWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string SourceRootId = "%SRCROOT%";
    public const string InformationUri = "https://github.com/pipeline-security/PipelineSecurity.Analyzers";

    public static byte[] Write(CodeScanningRun run) => WriteLog(writer => WriteRun(writer, run));

    internal static byte[] WriteLog(Action<Utf8JsonWriter> writeRuns)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", SchemaUri);
            writer.WriteString("version", "2.1.0");
            writer.WriteStartArray("runs");
            writeRuns(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void WriteRun(Utf8JsonWriter writer, CodeScanningRun run)
    {
        var findings = run.Findings
            .OrderBy(f => run.Root.Relative(f.File) ?? "", StringComparer.Ordinal)
            .ThenBy(f => f.StartLine).ThenBy(f => f.StartColumn)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Fingerprint, StringComparer.Ordinal)
            .ToArray();
        var known = run.Rules.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var rules = findings.Select(f => f.RuleId).Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal)
            .Select(id => known.TryGetValue(id, out var rule) ? rule : Fallback(id))
            .ToArray();
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);

        writer.WriteStartObject();
        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", "PipelineSecurity");
        writer.WriteString("semanticVersion", run.ToolVersion);
        writer.WriteString("informationUri", InformationUri);
        writer.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            WriteRule(writer, rule);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartObject("automationDetails");
        writer.WriteString("id", run.AutomationId);
        writer.WriteEndObject();

        if (run.Provenance is { } provenance && provenance.RepositoryUri is not null)
        {
            writer.WriteStartArray("versionControlProvenance");
            writer.WriteStartObject();
            writer.WriteString("repositoryUri", provenance.RepositoryUri);
            if (provenance.RevisionId is not null)
            {
                writer.WriteString("revisionId", provenance.RevisionId);
            }

            if (provenance.Branch is not null)
            {
                writer.WriteString("branch", provenance.Branch);
            }

            writer.WriteStartObject("mappedTo");
            writer.WriteString("uriBaseId", SourceRootId);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteStartObject("originalUriBaseIds");
        writer.WriteStartObject(SourceRootId);
        writer.WriteString("uri", new Uri(run.Root.FullPath).AbsoluteUri);
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartArray("invocations");
        writer.WriteStartObject();
        writer.WriteBoolean("executionSuccessful", true);
        writer.WriteEndObject();
        writer.WriteEndArray();

        writer.WriteString("columnKind", "utf16CodeUnits");

        writer.WriteStartArray("results");
        foreach (var finding in findings)
        {
            WriteResult(writer, finding, ruleIndex[finding.RuleId], run.Root);
        }

        writer.WriteEndArray();

        writer.WriteStartObject("properties");
        foreach (var property in run.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteString(property.Key, property.Value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static CodeScanningRule Fallback(string id) => new(id, id, id, id, HelpLinks.For(id));

    private static void WriteRule(Utf8JsonWriter writer, CodeScanningRule rule)
    {
        writer.WriteStartObject();
        writer.WriteString("id", rule.Id);
        writer.WriteString("name", rule.Name);
        writer.WriteStartObject("shortDescription");
        writer.WriteString("text", rule.ShortDescription);
        writer.WriteEndObject();
        writer.WriteStartObject("fullDescription");
        writer.WriteString("text", rule.FullDescription);
        writer.WriteEndObject();
        writer.WriteStartObject("help");
        writer.WriteString("text", $"{rule.FullDescription} See {rule.HelpUri}");
        writer.WriteString("markdown", RuleHelp.Markdown(rule.Id) ?? $"{rule.FullDescription}\n\nSee [{rule.Id}]({rule.HelpUri}).");
        writer.WriteEndObject();
        writer.WriteString("helpUri", rule.HelpUri);
        writer.WriteStartObject("defaultConfiguration");
        writer.WriteString("level", LevelName(rule.DefaultLevel));
        writer.WriteEndObject();
        writer.WriteStartObject("properties");
        writer.WriteStartArray("tags");
        foreach (var tag in rule.Tags)
        {
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
        if (rule.SecuritySeverity is { } score)
        {
            writer.WriteString("security-severity", SecuritySeverity.Format(score));
        }

        writer.WriteString("precision", rule.DefaultLevel == FindingLevel.Note ? "medium" : "high");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter writer, ScanFinding finding, int ruleIndex, SourceRoot root)
    {
        writer.WriteStartObject();
        writer.WriteString("ruleId", finding.RuleId);
        writer.WriteNumber("ruleIndex", ruleIndex);
        writer.WriteString("level", LevelName(finding.Level));
        writer.WriteStartObject("message");
        writer.WriteString("text", finding.Message);
        writer.WriteEndObject();

        // Code scanning needs a location on every result: a finding about the project as a whole points at line 1
        // of the file that decides it (the project file, the policy file).
        if (finding.File is not null)
        {
            var relative = root.Relative(finding.File)!;
            var inside = !Path.IsPathRooted(relative);
            writer.WriteStartArray("locations");
            writer.WriteStartObject();
            writer.WriteStartObject("physicalLocation");
            writer.WriteStartObject("artifactLocation");
            writer.WriteString("uri", inside ? EscapeRelative(relative) : new Uri(Path.GetFullPath(finding.File)).AbsoluteUri);
            if (inside)
            {
                writer.WriteString("uriBaseId", SourceRootId);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("region");
            var startLine = Math.Max(1, finding.StartLine);
            writer.WriteNumber("startLine", startLine);
            if (finding.StartColumn > 0)
            {
                writer.WriteNumber("startColumn", finding.StartColumn);
            }

            if (finding.EndLine >= startLine && finding.StartLine > 0)
            {
                writer.WriteNumber("endLine", finding.EndLine);
                if (finding.EndColumn > 0 && (finding.EndLine > startLine || finding.EndColumn >= finding.StartColumn))
                {
                    writer.WriteNumber("endColumn", finding.EndColumn);
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        if (finding.Fingerprint is not null)
        {
            writer.WriteStartObject("partialFingerprints");
            writer.WriteString(FindingFingerprints.SarifKey, finding.Fingerprint);
            writer.WriteEndObject();
        }

        if (finding.Suppression is { } suppression)
        {
            writer.WriteStartArray("suppressions");
            writer.WriteStartObject();
            writer.WriteString("kind", suppression.Source == FindingSuppression.InSource ? "inSource" : "external");
            writer.WriteString("status", "accepted");
            writer.WriteString("justification", suppression.Justification);
            writer.WriteStartObject("properties");
            writer.WriteString("source", suppression.Source);
            foreach (var property in suppression.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(property.Key, property.Value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteStartObject("properties");
        writer.WriteString("source", finding.Source);
        if (finding.PolicyCode is not null)
        {
            writer.WriteString("policyCode", finding.PolicyCode);
        }

        if (finding.Subject is not null)
        {
            writer.WriteString("subject", finding.Subject);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>A relative path as a URI reference: each segment percent-encoded, '/' kept.</summary>
    public static string EscapeRelative(string relative) =>
        string.Join("/", relative.Split('/').Select(Uri.EscapeDataString));

    public static string LevelName(FindingLevel level) => level switch
    {
        FindingLevel.Error => "error",
        FindingLevel.Note => "note",
        _ => "warning",
    };
}
