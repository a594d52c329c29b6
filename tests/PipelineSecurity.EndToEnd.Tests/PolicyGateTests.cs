using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using PipelineSecurity.EndToEnd.Tests.Infrastructure;
using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.EndToEnd.Tests;

/// <summary>The sample's pipeline-security.json (audit mode) gating real builds of the sample with the packed package.</summary>
[Collection(PackageCollection.Name)]
public sealed class PolicyGateTests
{
    private const string App = "ContosoShop/ContosoShop.csproj";
    private static readonly Regex Summary = new(@"PipelineSecurity policy \((audit|enforce)\): (\d+) checks, (\d+) violations?, (\d+) exceptions? used(?: - (passed|build FAILED))?\. Reports: (\S+policy\.sarif) \(SARIF\), (\S+policy-audit\.jsonl) \(JSON Lines\)");
    private readonly PackageFixture _package;

    public PolicyGateTests(PackageFixture package) => _package = package;

    [Fact]
    public void Audit_mode_passes_with_the_summary_and_writes_a_valid_sarif_report_and_a_parseable_audit_log()
    {
        var (sample, build) = _package.BuiltSample;

        Assert.True(build.ExitCode == 0, build.ToString());
        var summaries = Summary.Matches(build.Output).Select(m => m.Groups).ToArray();
        Assert.Equal(2, summaries.Length);
        Assert.All(summaries, s => Assert.Equal("audit", s[1].Value));

        // A developer's audit-mode build: the compiler reports the hard-coded key itself and is not asked for its SARIF log
        // (it would run every suggestion-level analyzer too), so the gate's checks are the packages, licences and advisories.
        Assert.Matches(new Regex(@"ReceiptSigner\.cs\(11,1\): warning PSF1001: "), build.Output);
        Assert.False(File.Exists(sample.PathOf("ContosoShop.Core", "obj", "Debug", "net10.0", "ContosoShop.Core.pipeline-security.sarif")));
        var core = summaries.Single(s => s[6].Value.Contains("ContosoShop.Core", StringComparison.Ordinal));
        var coreEvents = File.ReadAllLines(core[7].Value).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.DoesNotContain(coreEvents, e => e.GetProperty("check").GetString() == "analyzer");
        Assert.Equal(coreEvents.Count(e => e.GetProperty("verdict").GetString() == "fail").ToString(System.Globalization.CultureInfo.InvariantCulture), core[3].Value);
        var app = summaries.Single(s => !s[6].Value.Contains("ContosoShop.Core", StringComparison.Ordinal));
        Assert.Equal("1", app[4].Value);

        foreach (var summary in summaries)
        {
            SarifSchema.AssertValid(File.ReadAllBytes(summary[6].Value));
            var events = File.ReadAllLines(summary[7].Value).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
            Assert.Equal(int.Parse(summary[2].Value, System.Globalization.CultureInfo.InvariantCulture), events.Length);
            Assert.All(events, e =>
            {
                foreach (var field in new[] { "time", "project", "check", "subject", "verdict", "exception" })
                {
                    Assert.True(e.TryGetProperty(field, out _), $"event without '{field}': {e}");
                }
            });
        }

        var appEvents = File.ReadAllLines(app[7].Value).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Contains(appEvents, e => e.GetProperty("check").GetString() == "license" && e.GetProperty("subject").GetString() == "Serilog@4.2.0"
            && e.GetProperty("verdict").GetString() == "excused" && e.GetProperty("exception").GetProperty("owner").GetString() == "platform-team@contoso.example");
        Assert.Contains(appEvents, e => e.GetProperty("check").GetString() == "advisory" && e.GetProperty("subject").GetString() == "Newtonsoft.Json@13.0.3" && e.GetProperty("verdict").GetString() == "pass");

        using var archive = ZipFile.OpenRead(_package.PackagePath);
        Assert.Contains(archive.Entries, e => e.FullName == "build/pipeline-security.schema.json");
        Assert.Contains(archive.Entries, e => e.FullName == "build/features/Policy.targets");
    }

    [Fact]
    public void Enforce_mode_fails_the_build_on_the_hard_coded_key()
    {
        using var sample = ConsumerWorkspace.CopyOfSample(_package);
        // First a developer's audit build (compiled without the compiler's log), then nothing changed but the mode: the
        // enforcing gate needs the analyzers' findings, so the project is compiled again to write the log.
        Assert.Equal(0, sample.Build(App).ExitCode);

        var build = sample.Build(App, "-p:PipelineSecurityPolicyMode=enforce");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches(new Regex(@"ReceiptSigner\.cs\(11,1\): error PSF6006: The policy does not accept PSF1001 findings: Private key hard-coded here \(RSA private key, [0-9,]+ characters of key material, redacted\)"), build.Output);
        Assert.Contains(Summary.Matches(build.Output), m => m.Groups[1].Value == "enforce" && m.Groups[5].Value == "build FAILED");
        var keyLine = File.ReadAllLines(sample.PathOf("ContosoShop.Core", "Payments", "ReceiptSigner.cs")).First(line => line.Length == 64 && !line.Contains(' '));
        Assert.DoesNotContain(keyLine, build.Output);
        Assert.DoesNotContain(keyLine, File.ReadAllText(sample.PathOf("ContosoShop.Core", "bin", "Debug", "net10.0", "pipeline-security", "policy.sarif")));

        // Whatever .editorconfig says: switching the rule off is itself the violation.
        sample.WriteFile(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.PSF1001.severity = none\n");
        var silenced = sample.Build(App, "-p:PipelineSecurityPolicyMode=enforce");

        Assert.NotEqual(0, silenced.ExitCode);
        Assert.Matches(new Regex(@"ContosoShop\.Core\.csproj : error PSF6006: The policy requires PSF1001, but configuration turns it off"), silenced.Output);
    }

    [Fact]
    public void Writing_the_baseline_or_a_merged_sarif_on_a_developer_build_records_the_analyzers_findings()
    {
        using var sample = ConsumerWorkspace.CopyOfSample(_package);

        // Audit mode and no CI: the compiler's log is not asked for by default, but writing the baseline needs it.
        var build = sample.Build(App, "-p:PipelineSecurityBaselineUpdate=true");

        Assert.True(build.ExitCode == 0, build.ToString());
        var baseline = File.ReadAllText(sample.PathOf("pipeline-security.baseline.json"));
        Assert.Contains("\"rule\": \"PSF1001\"", baseline);
        Assert.Contains("Payments/ReceiptSigner.cs\"", baseline);

        // So does a merged upload SARIF (a CI that sets none of the CI variables): the key's finding is in it, as known.
        var folder = sample.PathOf("sarif");
        var merged = sample.Build(App, "-p:PipelineSecuritySarifDirectory=" + folder);

        Assert.True(merged.ExitCode == 0, merged.ToString());
        Assert.Contains("\"ruleId\": \"PSF1001\"", File.ReadAllText(Path.Combine(folder, "pipeline-security.sarif")));
    }

    [Fact]
    public void A_broken_policy_stops_the_build_with_errors_at_the_policy_lines()
    {
        using var sample = ConsumerWorkspace.CopyOfSample(_package);
        sample.WriteFile("pipeline-security.json", "{\n  \"version\": 1,\n  \"mode\": \"enforce\",\n  \"exceptions\": [ { \"package\": \"Serilog\", \"justification\": \"j\", \"owner\": \"o\", \"expires\": \"2020-02-30\" } ],\n  \"licences\": {}\n}\n");

        var build = sample.Build(App);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches(new Regex(@"pipeline-security\.json\(4,\d+\): error PSF6001: Policy file: '2020-02-30' is not a date"), build.Output);
        Assert.Matches(new Regex(@"pipeline-security\.json\(5,3\): error PSF6001: Policy file: unknown key 'licences'"), build.Output);
        Assert.DoesNotContain("ContosoShop.Core.dll", build.Output);
    }

    [Fact]
    public void A_multi_targeted_library_gets_advisories_from_an_offline_database_and_the_policy_turns_its_sbom_off()
    {
        using var consumer = ConsumerWorkspace.Empty(_package);
        var advisories = Path.Combine(PackageFixture.RepoRoot, "tests", "Advisories", "osv");
        Directory.CreateDirectory(consumer.PathOf("advisories"));
        foreach (var id in new[] { "GHSA-8g4q-xg66-9fp4", "GHSA-hh2w-p6rv-4g7w", "GHSA-5crp-9r3c-p9vr" })
        {
            File.Copy(Path.Combine(advisories, id + ".json"), consumer.PathOf("advisories", id + ".json"));
        }

        consumer.WriteFile("pipeline-security.json", """
            {
              "version": 1,
              "mode": "audit",
              "advisories": { "database": "advisories", "severity": "high" },
              "sbom": { "enabled": false },
              "exceptions": [
                { "advisory": "GHSA-hh2w-p6rv-4g7w", "justification": "no untrusted JSON", "owner": "team-a", "expires": "2099-12-31" },
                { "package": "System.Text.Json", "advisory": "CVE-2024-43485", "justification": "old decision", "owner": "team-b", "expires": "2020-01-31" }
              ]
            }
            """);
        consumer.WriteFile("Lib/Lib.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net8.0;netstandard2.0</TargetFrameworks>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{PackageFixture.PackageId}" Version="$(PipelineSecurityVersion)" PrivateAssets="all" />
                <PackageReference Include="System.Text.Json" Version="8.0.0" />
              </ItemGroup>
            </Project>
            """);
        consumer.WriteFile("Lib/Greeter.cs", "namespace Lib { public static class Greeter { public static string Hello() => \"hello\"; } }\n");

        var build = consumer.Build("Lib/Lib.csproj");

        Assert.True(build.ExitCode == 0, build.ToString());
        // Both frameworks restore the vulnerable System.Text.Json 8.0.0; GHSA-hh2w is excused, GHSA-8g4q is not.
        Assert.Matches(new Regex(@"Lib\.csproj : warning PSF6005: Package System\.Text\.Json@8\.0\.0 \(direct\) has a known high vulnerability GHSA-8g4q-xg66-9fp4 \(CVE-2024-43485\).*Update to 8\.0\.5 or later"), build.Output);
        Assert.DoesNotMatch(new Regex(@"warning PSF6005: [^\n]*GHSA-hh2w"), build.Output);
        Assert.Matches(new Regex(@"pipeline-security\.json\(8,5\): warning PSF6007: The policy exception for advisory CVE-2024-43485, package System\.Text\.Json \(owner team-b\) expired on 2020-01-31"), build.Output);
        Assert.Equal(2, Summary.Matches(build.Output).Count);
        Assert.Empty(Directory.GetFiles(consumer.PathOf("Lib", "bin"), "sbom.cdx.json", SearchOption.AllDirectories));

        // Nothing changed (once the database's files are older than the settle margin, as they are by the second
        // build): the gate does not run.
        consumer.Build("Lib/Lib.csproj");
        var unchanged = consumer.Build("Lib/Lib.csproj");
        Assert.True(unchanged.ExitCode == 0, unchanged.ToString());
        Assert.Empty(Summary.Matches(unchanged.Output));

        // An advisory removed from the database: the gate runs again, for both frameworks, and no longer reports it.
        File.Delete(consumer.PathOf("advisories", "GHSA-8g4q-xg66-9fp4.json"));
        var removed = consumer.Build("Lib/Lib.csproj");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Equal(2, Summary.Matches(removed.Output).Count);
        Assert.DoesNotMatch(new Regex(@"warning PSF6005: [^\n]*GHSA-8g4q"), removed.Output);
    }
}
