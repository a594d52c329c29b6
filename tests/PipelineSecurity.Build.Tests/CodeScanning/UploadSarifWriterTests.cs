using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using PipelineSecurity.Build.CodeScanning;
using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.Build.Tests.CodeScanning;

public sealed class UploadSarifWriterTests
{
    private static readonly SourceRoot Root = new("/repo");

    private static readonly CodeScanningRule Secret = new("PSF1001", "PrivateKeyHardCodedInSource", "Private key hard-coded in source", "A PEM private key in a literal is a leaked key.", "https://example.test/PSF1001.md")
    {
        Tags = new[] { "security", "secrets", "external/cwe/cwe-321" },
    };

    private static JsonElement Run(params ScanFinding[] findings)
    {
        var run = new CodeScanningRun("pipeline-security/src/App/App.csproj/Release/", Root, "1.2.3", findings, new[] { Secret }.Concat(BuildRules.All).ToArray())
        {
            Provenance = new GitProvenance("https://github.com/contoso/shop.git", new string('a', 40), "main"),
            Properties = new Dictionary<string, string> { ["project"] = "App" },
        };
        var bytes = UploadSarifWriter.Write(run);
        SarifSchema.AssertValid(bytes);
        return JsonDocument.Parse(bytes).RootElement.GetProperty("runs")[0].Clone();
    }

    [Fact]
    public void Results_are_relative_to_SRCROOT_with_a_region_and_fingerprint()
    {
        var run = Run(new ScanFinding("PSF1001", FindingLevel.Error, "Private key hard-coded here (redacted)", "/repo/src/App/My Keys.cs", 10, 42) { EndLine = 26, EndColumn = 4, Fingerprint = "ab:1" });

        Assert.Equal("file:///repo/", run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString());
        var result = run.GetProperty("results")[0];
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("src/App/My%20Keys.cs", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal(10, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(4, location.GetProperty("region").GetProperty("endColumn").GetInt32());
        Assert.Equal("ab:1", result.GetProperty("partialFingerprints").GetProperty(FindingFingerprints.SarifKey).GetString());
        Assert.Equal("error", result.GetProperty("level").GetString());
        Assert.Equal("pipeline-security/src/App/App.csproj/Release/", run.GetProperty("automationDetails").GetProperty("id").GetString());
        var provenance = run.GetProperty("versionControlProvenance")[0];
        Assert.Equal("https://github.com/contoso/shop.git", provenance.GetProperty("repositoryUri").GetString());
        Assert.Equal("%SRCROOT%", provenance.GetProperty("mappedTo").GetProperty("uriBaseId").GetString());
    }

    [Fact]
    public void Rules_carry_descriptions_help_from_the_docs_tags_and_security_severity()
    {
        var run = Run(
            new ScanFinding("PSF1001", FindingLevel.Warning, "m", "/repo/a.cs", 1, 1) { Fingerprint = "a:1" },
            new ScanFinding("PSF6005", FindingLevel.Warning, "m", "/repo/App.csproj", 0, 0) { Fingerprint = "b:1" },
            new ScanFinding("PSF6003", FindingLevel.Warning, "m", "/repo/pipeline-security.json", 4, 3) { Fingerprint = "c:1" });

        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.Equal(new[] { "PSF1001", "PSF6003", "PSF6005" }, rules.Keys.OrderBy(k => k));
        var secret = rules["PSF1001"];
        Assert.Equal("A PEM private key in a literal is a leaked key.", secret.GetProperty("fullDescription").GetProperty("text").GetString());
        Assert.StartsWith("# PSF1001: ", secret.GetProperty("help").GetProperty("markdown").GetString());
        Assert.Equal("8.0", secret.GetProperty("properties").GetProperty("security-severity").GetString());
        Assert.Contains("external/cwe/cwe-321", secret.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var vulnerable = rules["PSF6005"];
        Assert.Contains("external/cwe/cwe-1395", vulnerable.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.True(vulnerable.GetProperty("fullDescription").GetProperty("text").GetString()!.Length > vulnerable.GetProperty("shortDescription").GetProperty("text").GetString()!.Length);
        Assert.False(rules["PSF6003"].GetProperty("properties").TryGetProperty("security-severity", out _));

        // A finding about the whole project points at line 1 of its file: code scanning needs a region.
        var project = run.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "PSF6005");
        Assert.Equal(1, project.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(project.GetProperty("ruleIndex").GetInt32(), rules.Keys.OrderBy(k => k, System.StringComparer.Ordinal).ToList().IndexOf("PSF6005"));
    }

    [Fact]
    public void Suppressions_are_external_accepted_with_their_reason_and_in_source_ones_say_so()
    {
        var run = Run(
            new ScanFinding("PSF1001", FindingLevel.Warning, "m", "/repo/a.cs", 1, 1) { Suppression = new FindingSuppression(FindingSuppression.Baseline, "known") },
            new ScanFinding("PSF1001", FindingLevel.Warning, "m", "/repo/b.cs", 1, 1) { Suppression = new FindingSuppression(FindingSuppression.InSource, "pragma") });

        var results = run.GetProperty("results");
        Assert.Equal("external", results[0].GetProperty("suppressions")[0].GetProperty("kind").GetString());
        Assert.Equal("accepted", results[0].GetProperty("suppressions")[0].GetProperty("status").GetString());
        Assert.Equal("known", results[0].GetProperty("suppressions")[0].GetProperty("justification").GetString());
        Assert.Equal("inSource", results[1].GetProperty("suppressions")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public void A_rule_unknown_to_every_catalogue_still_gets_a_rule_entry_and_the_output_is_deterministic()
    {
        var finding = new ScanFinding("PSF7001", FindingLevel.Warning, "Workflow uses an unpinned action", "/repo/.github/workflows/ci.yml", 12, 9) { Source = Sources.Pipeline, Fingerprint = "f:1" };
        var run = Run(finding);

        Assert.Equal("PSF7001", run.GetProperty("tool").GetProperty("driver").GetProperty("rules")[0].GetProperty("id").GetString());
        var first = UploadSarifWriter.Write(new CodeScanningRun("x/", Root, "1", new[] { finding, finding with { StartLine = 2 } }, BuildRules.All));
        var second = UploadSarifWriter.Write(new CodeScanningRun("x/", Root, "1", new[] { finding with { StartLine = 2 }, finding }, BuildRules.All));
        Assert.Equal(Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(second));
    }

    [Fact]
    public void Every_build_code_has_a_full_description_from_its_page()
    {
        Assert.All(BuildRules.All, rule => Assert.False(string.IsNullOrWhiteSpace(BuildRules.RuleDescription(rule.Id)), rule.Id));
    }
}
