using System.IO;
using NuGet.Versioning;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Policy.Inputs;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy;

public sealed class RestoredInputsTests
{
    [Fact]
    public void NuGetAudit_warnings_in_the_assets_file_are_read_with_their_advisory()
    {
        using var temp = new TemporaryDirectory();
        var path = PolicyTestFiles.WriteAssets(temp, temp.Combine("packages"),
            ("NU1902", "Serilog", "Package 'Serilog' 4.2.0 has a known moderate severity vulnerability, https://github.com/advisories/GHSA-aaaa-bbbb-cccc"));

        var findings = NuGetAuditFindings.From(Build.Restore.RestoredGraph.Read(path).Assets);

        var finding = Assert.Single(findings);
        Assert.Equal(("Serilog", AdvisorySeverity.Moderate, "NU1902"), (finding.PackageId, finding.Severity, finding.Code));
        Assert.Equal("GHSA-aaaa-bbbb-cccc", NuGetAuditFindings.AdvisoryId(finding));
    }

    [Fact]
    public void Analyzer_findings_are_read_from_sarif_1_and_2_logs_keeping_only_secret_and_configuration_rules()
    {
        using var temp = new TemporaryDirectory();
        var v2 = temp.Combine("v2.sarif");
        File.WriteAllText(v2, """{ "version": "2.1.0", "runs": [ { "results": [ { "ruleId": "PSF2001", "level": "warning", "message": { "text": "TLS" }, "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "file:///repo/a.cs" }, "region": { "startLine": 3, "startColumn": 7 } } } ] }, { "ruleId": "PSF6001", "message": { "text": "x" } }, { "ruleId": "CS0168", "message": { "text": "y" } } ] } ] }""");
        var v1 = temp.Combine("v1.sarif");
        File.WriteAllText(v1, """{ "version": "1.0.0", "runs": [ { "results": [ { "ruleId": "PSF1001", "level": "warning", "message": "key (redacted)", "locations": [ { "resultFile": { "uri": "file:///repo/b.cs", "region": { "startLine": 9, "startColumn": 2 } } } ], "suppressionStates": [ "suppressedInSource" ] } ] } ] }""");

        var fromV2 = Assert.Single(AnalyzerFindingsReader.Read(v2));
        Assert.Equal(("PSF2001", "TLS", 3, 7, false), (fromV2.RuleId, fromV2.Message, fromV2.Line, fromV2.Column, fromV2.SuppressedInSource));
        Assert.EndsWith("a.cs", fromV2.File);

        var fromV1 = Assert.Single(AnalyzerFindingsReader.Read(v1));
        Assert.Equal(("PSF1001", "key (redacted)", 9, 2, true), (fromV1.RuleId, fromV1.Message, fromV1.Line, fromV1.Column, fromV1.SuppressedInSource));
    }

    [Fact]
    public void Rules_switched_off_by_configuration_are_read_from_the_rule_table()
    {
        using var temp = new TemporaryDirectory();
        var log = temp.Combine("log.sarif");
        // The compiler's rule table after 'dotnet_diagnostic.PSF1001.severity = none' (as csc 5.x writes it).
        File.WriteAllText(log, """
            { "version": "2.1.0", "runs": [ { "results": [], "tool": { "driver": { "name": "csc", "rules": [
              { "id": "PSF1001", "properties": { "category": "Security.Secrets", "isEverSuppressed": "true", "suppressionKinds": [ "external" ] } },
              { "id": "PSF1002", "properties": { "isEverSuppressed": "true", "suppressionKinds": [ "inSource" ] } },
              { "id": "PSF2001", "defaultConfiguration": { "enabled": false }, "properties": { "isEverSuppressed": "true", "suppressionKinds": [ "external" ] } },
              { "id": "PSF2002", "properties": { "category": "Security.Configuration" } },
              { "id": "CA1001", "properties": { "isEverSuppressed": "true", "suppressionKinds": [ "external" ] } }
            ] } } } ] }
            """);

        Assert.Equal(new[] { "PSF1001" }, AnalyzerFindingsReader.ReadLog(log).RulesDisabledByConfiguration);
    }
}
