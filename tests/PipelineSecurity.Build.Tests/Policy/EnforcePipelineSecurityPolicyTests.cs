using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Tests.Infrastructure;
using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy;

public sealed class EnforcePipelineSecurityPolicyTests
{
    /// <summary>The compiler's error log shape (SARIF 2.1, as csc /errorlog:file,version=2.1 writes it), one finding suppressed in source.</summary>
    private static string ErrorLog(string sourceFile) => $$"""
        {
          "$schema": "http://json.schemastore.org/sarif-2.1.0",
          "version": "2.1.0",
          "runs": [ { "results": [
            { "ruleId": "PSF1001", "ruleIndex": 3, "level": "warning",
              "message": { "text": "Private key hard-coded here (RSA private key, 800 characters of key material, redacted): remove it" },
              "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "{{new System.Uri(sourceFile).AbsoluteUri}}" }, "region": { "startLine": 10, "startColumn": 42 } } } ] },
            { "ruleId": "CA1822", "level": "note", "message": { "text": "static" } },
            { "ruleId": "PSF1001", "level": "warning", "message": { "text": "Private key hard-coded here (redacted)" },
              "suppressions": [ { "kind": "inSource" } ],
              "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "{{new System.Uri(sourceFile).AbsoluteUri}}" }, "region": { "startLine": 30, "startColumn": 5 } } } ] }
          ], "tool": { "driver": { "name": "Microsoft (R) Visual C# Compiler" } } } ]
        }
        """;

    private sealed class Setup
    {
        public Setup(TemporaryDirectory temp, string policy)
        {
            var packages = temp.Combine("packages");
            PolicyTestFiles.WriteSampleNuspecs(packages, id => PolicyTestFiles.Expression(id.StartsWith("Serilog", System.StringComparison.Ordinal) ? "Apache-2.0" : "MIT"));
            Assets = PolicyTestFiles.WriteAssets(temp, packages, ("NU1903", "Newtonsoft.Json", "Package 'Newtonsoft.Json' 13.0.3 has a known high severity vulnerability, https://github.com/advisories/GHSA-test-test-test"));
            PolicyFile = PolicyTestFiles.WritePolicy(temp, policy);
            Source = temp.Combine("src", "Keys.cs");
            Directory.CreateDirectory(Path.GetDirectoryName(Source)!);
            File.WriteAllText(Source, "class Keys { }");
            ErrorLogFile = temp.Combine("obj", "App.sarif");
            File.WriteAllText(ErrorLogFile, ErrorLog(Source));
            Sarif = temp.Combine("bin", "pipeline-security", "policy.sarif");
            AuditLog = temp.Combine("bin", "pipeline-security", "policy-audit.jsonl");
        }

        public string Assets { get; }

        public string PolicyFile { get; }

        public string Source { get; }

        public string ErrorLogFile { get; }

        public string Sarif { get; }

        public string AuditLog { get; }

        public (bool Result, RecordingBuildEngine Engine, EnforcePipelineSecurityPolicy Task) Run(string? mode = null, string today = "2026-11-26")
        {
            var engine = new RecordingBuildEngine();
            var task = new EnforcePipelineSecurityPolicy
            {
                BuildEngine = engine,
                PolicyFile = PolicyFile,
                AssetsFile = Assets,
                ProjectName = "ContosoShop",
                ProjectFile = "/repo/ContosoShop.csproj",
                ErrorLog = ErrorLogFile,
                Mode = mode,
                SarifReportFile = Sarif,
                AuditLogFile = AuditLog,
                Today = today,
                SourceFiles = new ITaskItem[] { new Microsoft.Build.Utilities.TaskItem(Source) },
            };
            return (task.Execute(), engine, task);
        }
    }

    private const string Policy = """
        {
          "version": 1,
          "mode": "enforce",
          "licenses": { "allowed": ["MIT"] },
          "advisories": { "database": "advisories", "severity": "high" },
          "exceptions": [
            { "package": "Serilog*", "rule": "PSF6003", "justification": "Apache-2.0 approved", "owner": "legal", "expires": "2027-01-01" },
            { "rule": "PSF1001", "path": "src/Old/**", "justification": "gone", "owner": "team-a", "expires": "2026-01-01" }
          ]
        }
        """;

    private static void CopyAdvisories(TemporaryDirectory temp)
    {
        Directory.CreateDirectory(temp.Combine("advisories"));
        File.Copy(Path.Combine(PolicyTestFiles.AdvisoryFolder, "GHSA-5crp-9r3c-p9vr.json"), temp.Combine("advisories", "GHSA-5crp-9r3c-p9vr.json"));
    }

    [Fact]
    public void Enforce_mode_fails_with_coded_errors_at_their_causes_and_writes_both_reports()
    {
        using var temp = new TemporaryDirectory();
        CopyAdvisories(temp);
        var setup = new Setup(temp, Policy);

        var (result, engine, task) = setup.Run();

        Assert.False(result);
        var errors = engine.Errors.Select(e => (e.Code, Path.GetFileName(e.File), e.LineNumber)).ToArray();
        Assert.Contains(("PSF6005", "ContosoShop.csproj", 0), errors);
        Assert.Contains(("PSF6006", "Keys.cs", 10), errors);
        Assert.Contains(("PSF6006", "Keys.cs", 30), errors);
        Assert.Contains(("PSF6007", "pipeline-security.json", 8), errors);
        Assert.Equal(4, errors.Length);
        Assert.All(engine.Errors, e => Assert.Equal(BuildDiagnostics.Get(e.Code).HelpLink, e.HelpLink));
        Assert.Contains("GHSA-test-test-test (reported by NuGetAudit as NU1903", engine.Errors.Single(e => e.Code == "PSF6005").Message);
        Assert.Empty(engine.Warnings);
        Assert.Equal(4, task.Violations);

        var summary = Assert.Single(engine.Messages, m => m.Importance == MessageImportance.High);
        Assert.Matches(@"^PipelineSecurity policy \(enforce\): \d+ checks, 4 violations, 1 exception used - build FAILED\. Reports: .*policy\.sarif \(SARIF\), .*policy-audit\.jsonl \(JSON Lines\)$", summary.Message);

        SarifSchema.AssertValid(File.ReadAllBytes(setup.Sarif));
        var events = PolicyTestFiles.Lines(setup.AuditLog).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(2, events.Count(e => e.GetProperty("verdict").GetString() == "excused"));
        Assert.Contains(events, e => e.GetProperty("check").GetString() == "license" && e.GetProperty("subject").GetString() == "Newtonsoft.Json@13.0.3" && e.GetProperty("verdict").GetString() == "pass");
    }

    [Fact]
    public void Audit_mode_passes_with_warnings_and_leaves_analyzer_findings_to_the_compiler()
    {
        using var temp = new TemporaryDirectory();
        CopyAdvisories(temp);
        var setup = new Setup(temp, Policy);

        var (result, engine, _) = setup.Run(mode: "audit");

        Assert.True(result);
        Assert.Empty(engine.Errors);
        // The suppressed finding is invisible in the compiler's output, so the policy reports it; the other one the compiler printed.
        Assert.Equal(new[] { "PSF6005", "PSF6006", "PSF6007" }, engine.Warnings.Select(w => w.Code).OrderBy(c => c));
        Assert.Equal(30, engine.Warnings.Single(w => w.Code == "PSF6006").LineNumber);
        Assert.Contains("(audit): ", Assert.Single(engine.Messages, m => m.Importance == MessageImportance.High).Message);
    }

    [Fact]
    public void An_invalid_policy_fails_at_its_line_and_column_and_writes_no_report()
    {
        using var temp = new TemporaryDirectory();
        var setup = new Setup(temp, "{\n  \"version\": 1,\n  \"mode\": \"enforced\",\n  \"packages\": { \"deny\": [] }\n}");

        var (result, engine, _) = setup.Run();

        Assert.False(result);
        Assert.Equal(new[] { ("PSF6001", 3, 11), ("PSF6001", 4, 17) }, engine.Errors.Select(e => (e.Code, e.LineNumber, e.ColumnNumber)));
        Assert.Equal(setup.PolicyFile, engine.Errors[0].File);
        Assert.False(File.Exists(setup.Sarif));
        Assert.False(File.Exists(setup.AuditLog));
    }

    [Fact]
    public void A_missing_advisory_database_is_an_error_at_the_policy_entry()
    {
        using var temp = new TemporaryDirectory();
        var setup = new Setup(temp, "{ \"version\": 1, \"advisories\": { \"database\": \"no-such-folder\" } }");

        var (result, engine, _) = setup.Run();

        Assert.False(result);
        var error = Assert.Single(engine.Errors);
        Assert.Equal(("PSF6009", 1, 45), (error.Code, error.LineNumber, error.ColumnNumber));
        Assert.Contains("no-such-folder", error.Message);
    }

    [Fact]
    public void A_damaged_error_log_and_a_bad_mode_property_are_coded_errors()
    {
        using var temp = new TemporaryDirectory();
        var setup = new Setup(temp, "{ \"version\": 1 }");
        File.WriteAllText(setup.ErrorLogFile, "\0\0binary");

        var (result, engine, _) = setup.Run();
        Assert.False(result);
        Assert.Equal("PSF6010", Assert.Single(engine.Errors).Code);

        var (modeResult, modeEngine, _) = setup.Run(mode: "strict");
        Assert.False(modeResult);
        Assert.Contains("must be 'audit' or 'enforce'", Assert.Single(modeEngine.Errors).Message);
    }

    [Fact]
    public void Exceptions_expire_against_the_day_the_build_is_given_and_a_bad_day_is_a_coded_error()
    {
        using var temp = new TemporaryDirectory();
        var setup = new Setup(temp, """
            { "version": 1, "mode": "enforce", "analyzers": { "enforce": false }, "licenses": { "allowed": ["MIT"] },
              "exceptions": [ { "package": "Serilog*", "rule": "PSF6003", "justification": "approved", "owner": "legal", "expires": "2027-01-01" } ] }
            """);

        var (lastDay, lastDayEngine, _) = setup.Run(today: "2027-01-01");
        Assert.True(lastDay, string.Join("\n", lastDayEngine.Errors.Select(e => e.Code + " " + e.Message)));

        var (dayAfter, dayAfterEngine, _) = setup.Run(today: "2027-01-02");
        Assert.False(dayAfter);
        Assert.Contains(dayAfterEngine.Errors, e => e.Code == "PSF6007");

        var (bad, badEngine, _) = setup.Run(today: "2027-02-30");
        Assert.False(bad);
        var error = Assert.Single(badEngine.Errors);
        Assert.Equal("PSF6001", error.Code);
        Assert.Contains("PipelineSecurityPolicyToday: the value is '2027-02-30'", error.Message);
    }

    [Fact]
    public void A_clean_project_passes_in_enforce_mode()
    {
        using var temp = new TemporaryDirectory();
        var setup = new Setup(temp, "{ \"version\": 1, \"mode\": \"enforce\", \"analyzers\": { \"enforce\": false }, \"packages\": { \"denied\": [ \"BouncyCastle\" ] } }");

        var (result, engine, task) = setup.Run();

        Assert.True(result);
        Assert.Empty(engine.Errors);
        Assert.Empty(engine.Warnings);
        Assert.Equal(0, task.Violations);
        Assert.EndsWith("- passed. Reports: " + setup.Sarif + " (SARIF), " + setup.AuditLog + " (JSON Lines)", engine.Messages.Single(m => m.Importance == MessageImportance.High).Message);
    }
}
