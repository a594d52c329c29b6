using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PipelineSecurity.Build.CodeScanning;
using PipelineSecurity.Build.CodeScanning.Baseline;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Tests.Infrastructure;
using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.Build.Tests.CodeScanning;

public sealed class CodeScanningReportTests : IDisposable
{
    private readonly TemporaryDirectory _repo = new();

    public CodeScanningReportTests()
    {
        Directory.CreateDirectory(_repo.Combine(".git"));
        File.WriteAllText(_repo.Combine(".git", "HEAD"), "ref: refs/heads/main\n");
        Directory.CreateDirectory(_repo.Combine(".git", "refs", "heads"));
        File.WriteAllText(_repo.Combine(".git", "refs", "heads", "main"), new string('c', 40) + "\n");
        File.WriteAllText(_repo.Combine(".git", "config"), "[remote \"origin\"]\n\turl = https://github.com/contoso/shop.git\n");
        Directory.CreateDirectory(_repo.Combine("src", "App"));
        File.WriteAllText(_repo.Combine("src", "App", "App.csproj"), "<Project />");
    }

    private string Source => _repo.Combine("src", "App", "Http.cs");

    private string BaselinePath => _repo.Combine("pipeline-security.baseline.json");

    public void Dispose() => _repo.Dispose();

    /// <summary>Writes Http.cs with the finding's text after <paramref name="linesAbove"/> blank lines and a compiler log that reports it there.</summary>
    private string WriteSourceAndLog(int linesAbove, bool withFinding = true, string value = "(a, b, c, d) => true")
    {
        var line = linesAbove + 2;
        File.WriteAllText(Source, string.Concat(Enumerable.Repeat("\n", linesAbove)) + "class C {\n    object x = " + value + ";\n}\n");
        var results = withFinding
            ? $$"""
              { "ruleId": "PSF2001", "level": "warning", "message": { "text": "The callback accepts every certificate" },
                "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "{{new Uri(Source).AbsoluteUri}}" }, "region": { "startLine": {{line}}, "startColumn": 16, "endLine": {{line}}, "endColumn": {{16 + value.Length}} } } } ] }
              """
            : "";
        var log = _repo.Combine("obj", "App.sarif");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        File.WriteAllText(log, $$"""
            { "version": "2.1.0", "runs": [ { "results": [ {{results}} ], "tool": { "driver": { "name": "csc", "rules": [
              { "id": "PSF2001", "shortDescription": { "text": "Server certificate validation disabled" }, "fullDescription": { "text": "Anyone can impersonate the server." },
                "properties": { "tags": [ "security", "configuration", "external/cwe/cwe-295" ] } } ] } } } ] }
            """);
        return log;
    }

    private CodeScanningRequest Request(string log, bool update = false, IReadOnlyDictionary<string, string?>? environment = null, IReadOnlyList<ScanFinding>? findings = null) =>
        new("App", _repo.Combine("src", "App", "App.csproj"), _repo.Combine("src", "App", "bin", "pipeline-security.sarif"), "1.0.0")
        {
            ErrorLog = log,
            Configuration = "Release",
            BaselineFile = BaselinePath,
            BaselineUpdate = update,
            Rules = BuildRules.All,
            MergedSarifFile = _repo.Combine("artifacts", "sarif", "pipeline-security.sarif"),
            Environment = environment ?? new Dictionary<string, string?>(),
            Findings = findings ?? Array.Empty<ScanFinding>(),
        };

    [Fact]
    public void The_sarif_file_is_valid_relative_and_fingerprinted_and_the_merged_file_holds_the_run()
    {
        var result = CodeScanningReport.Run(Request(WriteSourceAndLog(0)));

        var bytes = File.ReadAllBytes(_repo.Combine("src", "App", "bin", "pipeline-security.sarif"));
        SarifSchema.AssertValid(bytes);
        var run = JsonDocument.Parse(bytes).RootElement.GetProperty("runs")[0];
        Assert.Equal("pipeline-security/src/App/App.csproj/Release/", run.GetProperty("automationDetails").GetProperty("id").GetString());
        Assert.Equal(new string('c', 40), run.GetProperty("versionControlProvenance")[0].GetProperty("revisionId").GetString());
        var result0 = run.GetProperty("results")[0];
        Assert.Equal("src/App/Http.cs", result0.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(Assert.Single(result.Findings).Fingerprint, result0.GetProperty("partialFingerprints").GetProperty(FindingFingerprints.SarifKey).GetString());
        Assert.Equal(bytes, File.ReadAllBytes(_repo.Combine("artifacts", "sarif", "pipeline-security.sarif")));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void A_baseline_written_then_read_suppresses_the_finding_after_a_line_move_and_reports_it_stale_once_fixed()
    {
        var written = CodeScanningReport.Run(Request(WriteSourceAndLog(0), update: true));
        var entry = Assert.Single(BaselineFile.Read(BaselinePath));
        Assert.Equal(("src/App/App.csproj", "PSF2001", "src/App/Http.cs"), (entry.Project, entry.Rule, entry.Path));
        Assert.Equal(FindingSuppression.Baseline, Assert.Single(written.Findings).Suppression?.Source);

        var moved = CodeScanningReport.Run(Request(WriteSourceAndLog(5)));
        Assert.Equal(FindingSuppression.Baseline, Assert.Single(moved.Findings).Suppression?.Source);
        Assert.Empty(moved.Diagnostics);

        var changed = CodeScanningReport.Run(Request(WriteSourceAndLog(5, value: "(a, b, c, d) => d == 0 || true")));
        Assert.Null(Assert.Single(changed.Findings).Suppression);
        Assert.Contains(changed.Diagnostics, d => d.Code == "PSF6021");

        var fixedBuild = CodeScanningReport.Run(Request(WriteSourceAndLog(5, withFinding: false)));
        var stale = Assert.Single(fixedBuild.Diagnostics);
        Assert.Equal(("PSF6021", GateSeverity.Warning), (stale.Code, stale.Severity));
        Assert.Contains("PSF2001 src/App/Http.cs", stale.Message);
        Assert.Equal(BaselinePath, stale.File);

        CodeScanningReport.Run(Request(WriteSourceAndLog(5, withFinding: false), update: true));
        Assert.Empty(BaselineFile.Read(BaselinePath));
    }

    [Fact]
    public void An_inner_build_of_a_multi_targeted_project_has_its_own_run_id_and_baseline_entries()
    {
        var log = WriteSourceAndLog(0);
        CodeScanningReport.Run(Request(log, update: true) with { TargetFramework = "net8.0" });
        CodeScanningReport.Run(Request(log, update: true) with { TargetFramework = "netstandard2.0" });

        Assert.Equal(new[] { "src/App/App.csproj|net8.0", "src/App/App.csproj|netstandard2.0" }, BaselineFile.Read(BaselinePath).Select(e => e.Project));
        using var merged = JsonDocument.Parse(File.ReadAllBytes(_repo.Combine("artifacts", "sarif", "pipeline-security.sarif")));
        Assert.Equal(
            new[] { "pipeline-security/src/App/App.csproj/Release/net8.0/", "pipeline-security/src/App/App.csproj/Release/netstandard2.0/" },
            merged.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("automationDetails").GetProperty("id").GetString()));
    }

    [Fact]
    public void A_damaged_baseline_is_an_error_and_the_report_is_still_written()
    {
        File.WriteAllText(BaselinePath, "{ \"version\": 1, \"findings\": 3 }");

        var result = CodeScanningReport.Run(Request(WriteSourceAndLog(0)));

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(("PSF6020", GateSeverity.Error), (error.Code, error.Severity));
        Assert.True(File.Exists(_repo.Combine("src", "App", "bin", "pipeline-security.sarif")));
    }

    [Fact]
    public void A_policy_verdict_on_an_analyzer_finding_joins_the_compiler_finding()
    {
        var log = WriteSourceAndLog(0);
        var verdict = new ScanFinding("PSF2001", FindingLevel.Error, "The policy does not accept PSF2001 findings", Source, 2, 16) { Source = Sources.Analyzer, PolicyCode = "PSF6006" };
        var package = new ScanFinding("PSF6005", FindingLevel.Error, "Package A@1.0.0 has a known high vulnerability GHSA-1", _repo.Combine("src", "App", "App.csproj"), 0, 0) { Source = Sources.Policy, IdentityText = "advisory|A|GHSA-1" };

        var result = CodeScanningReport.Run(Request(log, findings: new[] { verdict, package }));

        Assert.Equal(2, result.Findings.Count);
        var joined = result.Findings.Single(f => f.RuleId == "PSF2001");
        Assert.Equal((FindingLevel.Error, "PSF6006", 36), (joined.Level, joined.PolicyCode, joined.EndColumn));
    }

    [Fact]
    public void The_job_summary_is_written_only_on_CI()
    {
        var summary = _repo.Combine("step-summary.md");
        CodeScanningReport.Run(Request(WriteSourceAndLog(0), environment: new Dictionary<string, string?> { ["GITHUB_STEP_SUMMARY"] = summary }));
        Assert.False(File.Exists(summary));

        CodeScanningReport.Run(Request(WriteSourceAndLog(0), environment: new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary }));
        Assert.Contains("### PipelineSecurity: App (Release)", File.ReadAllText(summary));

        var azure = CodeScanningReport.Run(Request(WriteSourceAndLog(0), environment: new Dictionary<string, string?> { ["TF_BUILD"] = "True" }));
        var command = Assert.Single(azure.LogCommands);
        Assert.StartsWith("##vso[task.uploadsummary]", command);
        Assert.Contains("PSF2001", File.ReadAllText(command.Substring("##vso[task.uploadsummary]".Length)));
    }
}
