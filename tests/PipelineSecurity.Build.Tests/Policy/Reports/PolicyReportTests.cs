using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NuGet.Versioning;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Policy.Advisories;
using PipelineSecurity.Build.Policy.Inputs;
using PipelineSecurity.Build.Policy.Reports;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy.Reports;

public sealed class PolicyReportTests
{
    private static PolicyEvaluation SampleEvaluation(PolicyMode mode)
    {
        var policy = PolicyFileParser.Parse("/repo/pipeline-security.json", Encoding.UTF8.GetBytes("""
            { "version": 1, "packages": { "denied": [ "Left.Pad", "Newtonsoft.Json" ] }, "advisories": { },
              "exceptions": [ { "package": "Newtonsoft.Json", "justification": "vendor pins it", "owner": "team-a", "expires": "2027-01-01" },
                              { "rule": "PSF1001", "justification": "old", "owner": "team-b", "expires": "2020-01-01" } ] }
            """));
        return PolicyEvaluator.Evaluate(new PolicyEvaluationRequest(
            policy, mode, "/repo/App.csproj",
            new[] { new RestoredPackage("Left.Pad", NuGetVersion.Parse("1.0.0"), true, new[] { "net10.0" }), new RestoredPackage("Newtonsoft.Json", NuGetVersion.Parse("12.0.3"), false, new[] { "net10.0" }) },
            null,
            OsvDatabaseReader.ReadFolder(PolicyTestFiles.AdvisoryFolder),
            Array.Empty<NuGetAuditFinding>(),
            new[] { new AnalyzerFinding("PSF1001", "Private key hard-coded here (RSA private key, redacted)", "/repo/src/Keys.cs", 4, 9, false, "warning") },
            new DateTime(2026, 11, 26)));
    }

    [Theory]
    [InlineData(nameof(PolicyMode.Enforce))]
    [InlineData(nameof(PolicyMode.Audit))]
    public void The_sarif_report_is_valid_against_the_sarif_2_1_0_schema(string mode)
    {
        var sarif = SarifReportWriter.Write(SampleEvaluation(Enum.Parse<PolicyMode>(mode)), "1.2.3", "App");

        SarifSchema.AssertValid(sarif);
    }

    [Fact]
    public void The_sarif_report_holds_every_verdict_with_kind_level_and_suppressions()
    {
        var evaluation = SampleEvaluation(PolicyMode.Enforce);
        using var sarif = JsonDocument.Parse(SarifReportWriter.Write(evaluation, "1.2.3", "App"));

        var run = sarif.RootElement.GetProperty("runs")[0];
        var results = run.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(evaluation.Verdicts.Count, results.Length);

        var denied = results.Single(r => r.GetProperty("properties").GetProperty("subject").GetString() == "Left.Pad@1.0.0" && r.GetProperty("properties").GetProperty("check").GetString() == "package");
        Assert.Equal(("PSF6002", "fail", "error"), (denied.GetProperty("ruleId").GetString(), denied.GetProperty("kind").GetString(), denied.GetProperty("level").GetString()));
        Assert.Equal("file:///repo/pipeline-security.json", denied.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());

        // The package exception excuses both the denial and the advisory of Newtonsoft.Json 12.0.3.
        var excused = results.Single(r => r.GetProperty("properties").GetProperty("verdict").GetString() == "excused" && r.GetProperty("properties").GetProperty("check").GetString() == "package");
        Assert.Contains(results, r => r.GetProperty("properties").GetProperty("verdict").GetString() == "excused" && r.GetProperty("properties").GetProperty("check").GetString() == "advisory");
        var suppression = excused.GetProperty("suppressions")[0];
        Assert.Equal(("external", "accepted", "vendor pins it"), (suppression.GetProperty("kind").GetString(), suppression.GetProperty("status").GetString(), suppression.GetProperty("justification").GetString()));

        var secret = results.Single(r => r.GetProperty("properties").GetProperty("check").GetString() == "analyzer");
        Assert.Equal(4, secret.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Contains(results, r => r.GetProperty("kind").GetString() == "pass" && r.GetProperty("level").GetString() == "none");

        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToArray();
        Assert.Equal(denied.GetProperty("ruleIndex").GetInt32(), Array.IndexOf(rules, "PSF6002"));
    }

    [Fact]
    public void The_audit_log_has_one_parseable_event_per_check()
    {
        var evaluation = SampleEvaluation(PolicyMode.Audit);
        var time = new DateTimeOffset(2026, 11, 26, 7, 30, 0, TimeSpan.Zero);

        var lines = Encoding.UTF8.GetString(AuditLogWriter.Write(evaluation, "App", time)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(evaluation.Verdicts.Count, lines.Length);
        var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.All(events, e =>
        {
            Assert.Equal("2026-11-26T07:30:00.000Z", e.GetProperty("time").GetString());
            Assert.Equal("App", e.GetProperty("project").GetString());
            Assert.Equal("audit", e.GetProperty("mode").GetString());
            Assert.Contains(e.GetProperty("verdict").GetString(), new[] { "pass", "fail", "warn", "excused" });
            Assert.True(e.TryGetProperty("exception", out _));
        });

        var excused = events.First(e => e.GetProperty("verdict").GetString() == "excused");
        Assert.Equal("team-a", excused.GetProperty("exception").GetProperty("owner").GetString());
        Assert.Equal("2027-01-01", excused.GetProperty("exception").GetProperty("expires").GetString());
        var expired = events.Single(e => e.GetProperty("code").GetString() == "PSF6007");
        Assert.Equal(("exception", "fail", "warning"), (expired.GetProperty("check").GetString(), expired.GetProperty("verdict").GetString(), expired.GetProperty("severity").GetString()));
        Assert.Equal(JsonValueKind.Null, expired.GetProperty("exception").ValueKind);
    }

    [Fact]
    public void No_report_repeats_a_secret_beyond_the_analyzers_redacted_message()
    {
        var evaluation = SampleEvaluation(PolicyMode.Enforce);
        var text = Encoding.UTF8.GetString(SarifReportWriter.Write(evaluation, "1", "App")) + Encoding.UTF8.GetString(AuditLogWriter.Write(evaluation, "App", DateTimeOffset.UnixEpoch));

        Assert.Contains("RSA private key, redacted", text);
        Assert.DoesNotContain("BEGIN", text);
    }
}
