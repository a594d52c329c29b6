using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using PipelineSecurity.EndToEnd.Tests.Infrastructure;
using PipelineSecurity.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace PipelineSecurity.EndToEnd.Tests;

/// <summary>
/// The sample wired into CI the way a platform engineer would: a merged upload SARIF the SARIF validator's GitHub rules
/// accept, a baseline written once and then enforced, a NuGetAuditSuppress item, and the job summary only on CI. One
/// copy of the sample, three builds.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class CodeScanningBuildTests
{
    private const string App = "ContosoShop/ContosoShop.csproj";
    private const string Commit = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    private readonly PackageFixture _package;
    private readonly ITestOutputHelper _output;

    public CodeScanningBuildTests(PackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    [Fact]
    public void Upload_sarif_baseline_NuGetAuditSuppress_and_job_summary_in_real_builds()
    {
        using var sample = ConsumerWorkspace.CopyOfSample(_package);
        // A checkout's .git, as CI has it (read without running git); the remote URL carries a token that must not leak.
        var token = "x-access-token:" + "ghs" + "_e2eFakeTokenValue";
        sample.WriteFile(".git/HEAD", "ref: refs/heads/main\n");
        sample.WriteFile(".git/refs/heads/main", Commit + "\n");
        sample.WriteFile(".git/config", $"[remote \"origin\"]\n\turl = https://{token}@github.com/contoso/shop.git\n");
        // A package version with two advisories in the policy's database; the project suppressed one of them for NuGetAudit.
        foreach (var advisory in new[] { "GHSA-8g4q-xg66-9fp4", "GHSA-hh2w-p6rv-4g7w" })
        {
            File.Copy(Path.Combine(PackageFixture.RepoRoot, "tests", "Advisories", "osv", advisory + ".json"), sample.PathOf("advisories", advisory + ".json"));
        }

        sample.WriteFile("ContosoShop.Core/ContosoShop.Core.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
                <PackageReference Include="System.Text.Json" Version="8.0.0" />
              </ItemGroup>
              <ItemGroup>
                <NuGetAuditSuppress Include="https://github.com/advisories/GHSA-8g4q-xg66-9fp4" Justification="Only our own signed receipts are parsed (SEC-101)." />
              </ItemGroup>
            </Project>
            """);
        var summary = sample.PathOf("step-summary.md");
        var sarifFolder = sample.PathOf("artifacts", "sarif");
        var merged = Path.Combine(sarifFolder, "pipeline-security.sarif");
        var ci = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary };

        // 1. On CI, writing the baseline: passes, writes the SARIF files, the baseline and the job summary.
        var first = sample.Run("build", App, new[] { "-p:PipelineSecuritySarifDirectory=" + sarifFolder, "-p:PipelineSecurityBaselineUpdate=true" }, ci);

        Assert.True(first.ExitCode == 0, first.ToString());
        var sarifBytes = File.ReadAllBytes(merged);
        SarifSchema.AssertValid(sarifBytes);
        ValidateWithGitHubRules(sample.PathOf("validator"), merged,
            sample.PathOf("ContosoShop", "bin", "Debug", "net10.0", "pipeline-security", "pipeline-security.sarif"),
            sample.PathOf("ContosoShop.Core", "bin", "Debug", "net10.0", "pipeline-security", "pipeline-security.sarif"));
        var sarif = File.ReadAllText(merged);
        Assert.DoesNotContain("ghs_e2e", sarif);
        Assert.DoesNotContain(File.ReadAllLines(sample.PathOf("ContosoShop.Core", "Payments", "ReceiptSigner.cs")).First(l => l.Length == 64 && !l.Contains(' ')), sarif);
        using var mergedLog = JsonDocument.Parse(sarifBytes);
        var runs = mergedLog.RootElement.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(
            new[] { "pipeline-security/ContosoShop.Core/ContosoShop.Core.csproj/Debug/", "pipeline-security/ContosoShop/ContosoShop.csproj/Debug/" },
            runs.Select(r => r.GetProperty("automationDetails").GetProperty("id").GetString()));
        var provenance = runs[0].GetProperty("versionControlProvenance")[0];
        Assert.Equal(("https://github.com/contoso/shop.git", Commit, "main"), (provenance.GetProperty("repositoryUri").GetString(), provenance.GetProperty("revisionId").GetString(), provenance.GetProperty("branch").GetString()));
        var core = runs[0];
        var key = Result(core, "PSF1001");
        Assert.Equal("ContosoShop.Core/Payments/ReceiptSigner.cs", key.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("baseline", key.GetProperty("suppressions")[0].GetProperty("properties").GetProperty("source").GetString());
        // The repository's CI definitions are checked by the build too: their finding is in the upload SARIF of the project that reported it.
        var workflow = runs.SelectMany(r => r.GetProperty("results").EnumerateArray()).First(r => r.GetProperty("ruleId").GetString() == "PSF7001");
        Assert.Equal(".github/workflows/ci.yml", workflow.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());

        // The compiler's own error log marks the PSF rules as security rules with their CWE (the descriptors' custom tags).
        using (var errorLog = JsonDocument.Parse(File.ReadAllBytes(sample.PathOf("ContosoShop.Core", "obj", "Debug", "net10.0", "ContosoShop.Core.pipeline-security.sarif"))))
        {
            var rule = errorLog.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "PSF1001");
            var tags = rule.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToArray();
            Assert.Contains("security", tags);
            Assert.Contains("external/cwe/cwe-321", tags);
        }

        // NuGetAuditSuppress: its advisory is excused with its own reason (SARIF and audit log); the other one is not.
        var suppressed = core.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "PSF6005" && r.GetProperty("message").GetProperty("text").GetString()!.Contains("GHSA-8g4q", StringComparison.Ordinal));
        Assert.Contains("Only our own signed receipts are parsed (SEC-101).", suppressed.GetProperty("suppressions")[0].GetProperty("justification").GetString());
        var auditLog = File.ReadAllLines(sample.PathOf("ContosoShop.Core", "bin", "Debug", "net10.0", "pipeline-security", "policy-audit.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        var excused = auditLog.Single(e => e.TryGetProperty("matched", out var m) && m.GetString() == "GHSA-8g4q-xg66-9fp4");
        Assert.Equal(("excused", "NuGetAuditSuppress"), (excused.GetProperty("verdict").GetString(), excused.GetProperty("excusedBy").GetString()));
        Assert.Contains("SEC-101", excused.GetProperty("reason").GetString());
        Assert.Contains(auditLog, e => e.TryGetProperty("matched", out var m) && m.GetString() == "GHSA-hh2w-p6rv-4g7w" && e.GetProperty("excusedBy").GetString() == "baseline");
        // A CI build asks the compiler for its log, so the gate sees the analyzers' findings even in audit mode.
        Assert.Contains(auditLog, e => e.GetProperty("check").GetString() == "analyzer" && e.GetProperty("subject").GetString()!.StartsWith("PSF1001 ", StringComparison.Ordinal));

        // The baseline: next to the policy, sorted, no secret, the key's finding in it.
        var baselineText = File.ReadAllText(sample.PathOf("pipeline-security.baseline.json"));
        Assert.Contains("\"path\": \"ContosoShop.Core/Payments/ReceiptSigner.cs\"", baselineText);
        Assert.DoesNotContain("sk_live", baselineText);
        var summaryText = File.ReadAllText(summary);
        Assert.Contains("### PipelineSecurity: ContosoShop.Core (Debug)", summaryText);
        Assert.Contains("### PipelineSecurity: ContosoShop (Debug)", summaryText);
        Assert.Contains("SARIF: `ContosoShop.Core/bin/Debug/net10.0/pipeline-security/pipeline-security.sarif`", summaryText);
        Assert.Contains("SBOM: `ContosoShop.Core/bin/Debug/net10.0/pipeline-security/sbom.cdx.json`", summaryText);
        // Everything open went into the baseline: counted as suppressed, nothing listed as failing.
        Assert.Matches(new Regex(@"\| analyzer \| 0 \| 0 \| 0 \| [1-9]\d* \|"), summaryText);
        Assert.Matches(new Regex(@"Suppressed: [^\n]*1 by NuGetAuditSuppress"), summaryText);
        Assert.DoesNotContain("- **error**", summaryText);
        var fingerprints = Fingerprints(core);
        var keyLine = StartLine(key);

        // 2. Lines inserted above the findings, enforce mode, not on CI: the same fingerprints, all known, the build passes.
        var signer = sample.PathOf("ContosoShop.Core", "Payments", "ReceiptSigner.cs");
        File.WriteAllText(signer, "// Moved down by three lines.\n\n\n" + File.ReadAllText(signer));
        var second = sample.Run("build", App, new[] { "-p:PipelineSecurityPolicyMode=enforce", "-p:PipelineSecuritySarifDirectory=" + sarifFolder }, new Dictionary<string, string> { ["GITHUB_STEP_SUMMARY"] = summary });

        Assert.True(second.ExitCode == 0, second.ToString());
        using (var moved = JsonDocument.Parse(File.ReadAllBytes(merged)))
        {
            var movedCore = moved.RootElement.GetProperty("runs")[0];
            Assert.Equal(fingerprints, Fingerprints(movedCore));
            Assert.Equal(keyLine + 3, StartLine(Result(movedCore, "PSF1001")));
        }

        Assert.Equal(summaryText, File.ReadAllText(summary));
        Assert.DoesNotContain("PSF6021", second.Output);

        // 3. A new finding fails the enforcing build; the fixed one is reported once as a stale baseline entry.
        sample.WriteFile("ContosoShop.Core/Payments/PartnerClient.cs", """
            namespace ContosoShop.Core.Payments;

            public static class PartnerClient
            {
                public static HttpClient Create() => new(new HttpClientHandler { ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => true });
            }
            """);
        sample.WriteFile("ContosoShop.Core/Payments/PaymentGateway.cs", """
            namespace ContosoShop.Core.Payments;

            public sealed class PaymentGateway
            {
                private static string LiveKey => Environment.GetEnvironmentVariable("PAYMENT_PROVIDER_KEY") ?? "";

                public string AuthorizationHeader => "Bearer " + LiveKey;
            }
            """);
        var third = sample.Run("build", App, new[] { "-p:PipelineSecurityPolicyMode=enforce" }, new Dictionary<string, string>());

        Assert.NotEqual(0, third.ExitCode);
        Assert.Matches(new Regex(@"PartnerClient\.cs\(5,\d+\): error PSF6006: The policy does not accept PSF2001 findings"), third.Output);
        Assert.Single(Regex.Matches(third.Output, @"pipeline-security\.baseline\.json : warning PSF6021: 1 baseline entry of ContosoShop\.Core/ContosoShop\.Core\.csproj no longer matches a finding[^\n]*PSF1002 ContosoShop\.Core/Payments/PaymentGateway\.cs").Select(m => m.Value).Distinct());
        Assert.DoesNotMatch(new Regex(@"error PSF6006: [^\n]*PSF1001"), third.Output);
    }

    private void ValidateWithGitHubRules(string toolFolder, params string[] sarifFiles)
    {
        var validator = SarifValidator.Install(toolFolder);
        if (validator is null)
        {
            var onCi = new[] { "CI", "GITHUB_ACTIONS", "TF_BUILD" }.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)));
            Assert.False(onCi, "npm is not on PATH on a CI machine: the SARIF validator cannot run.");
            _output.WriteLine("SKIPPED the SARIF validator (validate --rule-kind Gh): npm is not on PATH. Install Node.js to run it.");
            return;
        }

        foreach (var sarifFile in sarifFiles)
        {
            var errors = validator.Validate(sarifFile);
            Assert.True(errors.Count == 0, $"The SARIF validator's GitHub rules report errors for {sarifFile}:\n" + string.Join("\n", errors));
        }
    }

    private static int StartLine(JsonElement result) =>
        result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32();

    private static JsonElement Result(JsonElement run, string ruleId) =>
        run.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == ruleId);

    private static string[] Fingerprints(JsonElement run) =>
        run.GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("ruleId").GetString() + " " + r.GetProperty("partialFingerprints").GetProperty("pipelineSecurity/v1").GetString())
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();
}
