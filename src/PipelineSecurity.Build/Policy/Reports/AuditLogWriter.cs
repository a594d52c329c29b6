using System;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PipelineSecurity.Build.Policy.Reports;

/// <summary>
/// Writes the JSON Lines audit log: one self-contained JSON object per check and line, so a SIEM can ingest each
/// event on its own (time, project, check, subject, verdict, and the exception used, if any).
/// </summary>
internal static class AuditLogWriter
{
    public static byte[] Write(PolicyEvaluation evaluation, string projectName, DateTimeOffset time)
    {
        var timestamp = time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        using var stream = new MemoryStream();
        foreach (var verdict in evaluation.Verdicts)
        {
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writer.WriteString("time", timestamp);
                writer.WriteString("project", projectName);
                writer.WriteString("mode", evaluation.Mode == PolicyMode.Enforce ? "enforce" : "audit");
                writer.WriteString("check", verdict.Check);
                writer.WriteString("subject", verdict.Subject);
                writer.WriteString("verdict", VerdictName(verdict.Outcome));
                writer.WriteString("code", verdict.Code);
                writer.WriteString("severity", SarifReportWriter.Level(verdict.Outcome, evaluation.Mode));
                if (verdict.RuleId is not null)
                {
                    writer.WriteString("matched", verdict.RuleId);
                }

                writer.WriteString("message", verdict.Message);
                if (verdict.File is not null)
                {
                    writer.WriteString("file", verdict.File);
                    if (verdict.Line > 0)
                    {
                        writer.WriteNumber("line", verdict.Line);
                    }
                }

                if (verdict.ExceptionUsed is { } exception)
                {
                    writer.WriteStartObject("exception");
                    writer.WriteString("excuses", exception.Describe());
                    writer.WriteString("owner", exception.Owner);
                    writer.WriteString("expires", exception.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    writer.WriteString("justification", exception.Justification);
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteNull("exception");
                }

                // Excused otherwise than by a policy exception: a NuGetAuditSuppress item or the baseline, with its reason.
                if (verdict.ExcusedBy is not null)
                {
                    writer.WriteString("excusedBy", verdict.ExcusedBy);
                    writer.WriteString("reason", verdict.ExcuseReason ?? "");
                }

                writer.WriteEndObject();
            }

            stream.WriteByte((byte)'\n');
        }

        return stream.ToArray();
    }

    public static string VerdictName(VerdictOutcome outcome) => outcome switch
    {
        VerdictOutcome.Pass => "pass",
        VerdictOutcome.Fail => "fail",
        VerdictOutcome.Warn => "warn",
        _ => "excused",
    };
}
