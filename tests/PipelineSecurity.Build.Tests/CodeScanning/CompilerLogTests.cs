using System.IO;
using System.Linq;
using PipelineSecurity.Build.CodeScanning;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.CodeScanning;

public sealed class CompilerLogTests
{
    /// <summary>The shape the C# compiler writes with /errorlog:file,version=2.1 (trimmed).</summary>
    public const string ErrorLog = """
        {
          "$schema": "http://json.schemastore.org/sarif-2.1.0",
          "version": "2.1.0",
          "runs": [ {
            "results": [
              { "ruleId": "PSF1001", "ruleIndex": 0, "level": "warning", "message": { "text": "Private key hard-coded here (RSA private key, redacted)" },
                "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "file:///repo/src/Keys.cs" }, "region": { "startLine": 3, "startColumn": 20, "endLine": 3, "endColumn": 31 } } } ] },
              { "ruleId": "PSF2001", "ruleIndex": 1, "level": "warning", "message": { "text": "accepts every certificate" },
                "suppressions": [ { "kind": "inSource" } ],
                "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "file:///repo/src/Http.cs" }, "region": { "startLine": 5, "startColumn": 9 } } } ] },
              { "ruleId": "PSF2010", "level": "none", "message": { "text": "hidden" } },
              { "ruleId": "CS0168", "level": "warning", "message": { "text": "unused variable" } }
            ],
            "tool": { "driver": { "name": "Microsoft (R) Visual C# Compiler", "rules": [
              { "id": "PSF1001", "shortDescription": { "text": "Private key hard-coded in source" }, "fullDescription": { "text": "A PEM private key is a leaked key." },
                "helpUri": "https://example.test/PSF1001.md", "properties": { "category": "Security.Secrets", "tags": [ "security", "secrets", "external/cwe/cwe-321" ] } },
              { "id": "PSF1005", "shortDescription": { "text": "Secret-like value" }, "defaultConfiguration": { "level": "note" },
                "properties": { "tags": [ "security", "secrets", "external/cwe/cwe-798" ] } },
              { "id": "CA1000", "shortDescription": { "text": "Other" } }
            ] } },
            "columnKind": "utf16CodeUnits"
          } ]
        }
        """;

    [Fact]
    public void Reads_PSF_results_with_regions_and_in_source_suppressions_and_the_PSF_rule_table()
    {
        using var folder = new TemporaryDirectory();
        var path = folder.Combine("log.sarif");
        File.WriteAllText(path, ErrorLog);

        var log = CompilerLog.Read(path);

        Assert.Equal(new[] { "PSF1001", "PSF2001" }, log.Findings.Select(f => f.RuleId));
        var key = log.Findings[0];
        Assert.Equal((3, 20, 3, 31), (key.StartLine, key.StartColumn, key.EndLine, key.EndColumn));
        Assert.Equal(Path.GetFullPath("/repo/src/Keys.cs"), Path.GetFullPath(key.File!));
        Assert.Null(key.Suppression);
        Assert.Equal(FindingSuppression.InSource, log.Findings[1].Suppression?.Source);

        Assert.Equal(new[] { "PSF1001", "PSF1005" }, log.Rules.Select(r => r.Id));
        var rule = log.Rules[0];
        Assert.Equal("PrivateKeyHardCodedInSource", rule.Name);
        Assert.Equal(new[] { 321 }, rule.Cwes);
        Assert.Equal(8.0, rule.SecuritySeverity);
        Assert.Equal(3.9, log.Rules[1].SecuritySeverity);
    }

    [Fact]
    public void A_log_that_is_not_json_or_has_wrong_types_is_InvalidDataException_and_missing_parts_are_no_crash()
    {
        using var folder = new TemporaryDirectory();
        var path = folder.Combine("log.sarif");
        File.WriteAllText(path, "{ not json");
        Assert.Throws<InvalidDataException>(() => CompilerLog.Read(path));

        File.WriteAllText(path, "{ \"runs\": [ { \"results\": [ { \"ruleId\": \"PSF1001\", \"message\": 3, \"locations\": [ { \"physicalLocation\": { \"region\": { \"startLine\": 2 } } } ] } ] } ] }");
        var finding = Assert.Single(CompilerLog.Read(path).Findings);
        Assert.Equal((null, 0, ""), (finding.File, finding.StartLine, finding.Message));

        File.WriteAllText(path, "{ \"runs\": [ { \"results\": [ { \"ruleId\": \"PSF1001\", \"locations\": [ { \"physicalLocation\": { \"artifactLocation\": { \"uri\": \"file:///a.cs\" }, \"region\": { \"startLine\": \"x\" } } } ] } ] } ] }");
        Assert.Throws<InvalidDataException>(() => CompilerLog.Read(path));

        File.WriteAllText(path, "{ \"version\": \"2.1.0\" }");
        Assert.Same(CompilerLog.Empty, CompilerLog.Read(path));
    }
}
