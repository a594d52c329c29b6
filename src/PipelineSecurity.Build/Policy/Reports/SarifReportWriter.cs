using System;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PipelineSecurity.Build.Policy.Reports;

/// <summary>
/// Writes every verdict as a SARIF 2.1.0 result: violations as kind "fail" (level error in enforce mode, warning in
/// audit mode), passes as kind "pass" with level "none", excused violations with an accepted external suppression
/// carrying the exception's justification. Code-scanning dashboards and SIEMs read it as is.
/// </summary>
internal static class SarifReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static byte[] Write(PolicyEvaluation evaluation, string toolVersion, string projectName)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", SchemaUri);
            writer.WriteString("version", "2.1.0");
            writer.WriteStartArray("runs");
            writer.WriteStartObject();

            writer.WriteStartObject("tool");
            writer.WriteStartObject("driver");
            writer.WriteString("name", "PipelineSecurity");
            writer.WriteString("semanticVersion", toolVersion);
            writer.WriteString("informationUri", "https://github.com/pipeline-security/PipelineSecurity.Analyzers");
            writer.WriteStartArray("rules");
            // The whole build-code catalogue, in id order: every code a verdict can carry has a rule and a ruleIndex.
            foreach (var rule in BuildDiagnostics.All)
            {
                writer.WriteStartObject();
                writer.WriteString("id", rule.Id);
                writer.WriteString("name", rule.Name);
                writer.WriteStartObject("shortDescription");
                writer.WriteString("text", rule.Title);
                writer.WriteEndObject();
                writer.WriteString("helpUri", rule.HelpLink);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();

            writer.WriteStartArray("invocations");
            writer.WriteStartObject();
            writer.WriteBoolean("executionSuccessful", true);
            writer.WriteEndObject();
            writer.WriteEndArray();

            writer.WriteStartArray("results");
            foreach (var verdict in evaluation.Verdicts)
            {
                WriteResult(writer, verdict, evaluation.Mode);
            }

            writer.WriteEndArray();

            writer.WriteStartObject("properties");
            writer.WriteString("project", projectName);
            writer.WriteString("mode", evaluation.Mode == PolicyMode.Enforce ? "enforce" : "audit");
            writer.WriteNumber("checks", evaluation.Verdicts.Count);
            writer.WriteNumber("violations", evaluation.Violations);
            writer.WriteNumber("exceptionsUsed", evaluation.ExceptionsUsed);
            writer.WriteEndObject();

            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>The position of a code in the rule table; a code outside the catalogue is a bug and throws.</summary>
    public static int RuleIndex(string code)
    {
        var rules = BuildDiagnostics.All;
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Id == code)
            {
                return i;
            }
        }

        throw new System.ArgumentException($"{code} is not in the build-code catalogue.", nameof(code));
    }

    private static void WriteResult(Utf8JsonWriter writer, PolicyVerdict verdict, PolicyMode mode)
    {
        writer.WriteStartObject();
        writer.WriteString("ruleId", verdict.Code);
        writer.WriteNumber("ruleIndex", RuleIndex(verdict.Code));

        var pass = verdict.Outcome == VerdictOutcome.Pass;
        writer.WriteString("kind", pass ? "pass" : "fail");
        writer.WriteString("level", Level(verdict.Outcome, mode));
        writer.WriteStartObject("message");
        writer.WriteString("text", verdict.Message);
        writer.WriteEndObject();

        if (verdict.File is not null)
        {
            writer.WriteStartArray("locations");
            writer.WriteStartObject();
            writer.WriteStartObject("physicalLocation");
            writer.WriteStartObject("artifactLocation");
            writer.WriteString("uri", new Uri(Path.GetFullPath(verdict.File)).AbsoluteUri);
            writer.WriteEndObject();
            if (verdict.Line > 0)
            {
                writer.WriteStartObject("region");
                writer.WriteNumber("startLine", verdict.Line);
                if (verdict.Column > 0)
                {
                    writer.WriteNumber("startColumn", verdict.Column);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        if (verdict.Outcome == VerdictOutcome.Excused && verdict.ExceptionUsed is { } exception)
        {
            writer.WriteStartArray("suppressions");
            writer.WriteStartObject();
            writer.WriteString("kind", "external");
            writer.WriteString("status", "accepted");
            writer.WriteString("justification", exception.Justification);
            writer.WriteStartObject("properties");
            writer.WriteString("owner", exception.Owner);
            writer.WriteString("expires", exception.Expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("excuses", exception.Describe());
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
        }
        else if (verdict.Outcome == VerdictOutcome.Excused && verdict.ExcusedBy is not null)
        {
            writer.WriteStartArray("suppressions");
            writer.WriteStartObject();
            writer.WriteString("kind", "external");
            writer.WriteString("status", "accepted");
            writer.WriteString("justification", verdict.ExcuseReason ?? verdict.ExcusedBy);
            writer.WriteStartObject("properties");
            writer.WriteString("excusedBy", verdict.ExcusedBy);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteStartObject("properties");
        writer.WriteString("check", verdict.Check);
        writer.WriteString("subject", verdict.Subject);
        writer.WriteString("verdict", AuditLogWriter.VerdictName(verdict.Outcome));
        if (verdict.RuleId is not null)
        {
            writer.WriteString("matched", verdict.RuleId);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>SARIF requires level "none" for results that are not failures; excused ones are notes.</summary>
    public static string Level(VerdictOutcome outcome, PolicyMode mode) => outcome switch
    {
        VerdictOutcome.Fail => mode == PolicyMode.Enforce ? "error" : "warning",
        VerdictOutcome.Warn => "warning",
        VerdictOutcome.Excused => "note",
        _ => "none",
    };
}
