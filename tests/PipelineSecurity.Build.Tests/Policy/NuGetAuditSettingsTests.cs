using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NuGet.Versioning;
using PipelineSecurity.Build.CodeScanning;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Policy.Advisories;
using PipelineSecurity.Build.Policy.Inputs;
using PipelineSecurity.Build.Policy.Reports;
using PipelineSecurity.Build.Restore;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy;

/// <summary>The advisory check honours the project's NuGetAuditSuppress items and NuGetAuditLevel.</summary>
public sealed class NuGetAuditSettingsTests
{
    private static readonly OsvDatabase Advisories = OsvDatabaseReader.ReadFolder(PolicyTestFiles.AdvisoryFolder);

    private static PolicyEvaluation Evaluate(string advisories, NuGetAuditSettings settings, IReadOnlyList<NuGetAuditFinding>? audit = null, params (string Id, string Version, bool Direct)[] packages)
    {
        var policy = PolicyFileParser.Parse("/repo/pipeline-security.json", Encoding.UTF8.GetBytes("{ \"version\": 1, \"mode\": \"enforce\", \"advisories\": " + advisories + " }"));
        return PolicyEvaluator.Evaluate(new PolicyEvaluationRequest(
            policy,
            policy.Mode,
            "/repo/src/App/App.csproj",
            packages.Select(p => new RestoredPackage(p.Id, NuGetVersion.Parse(p.Version), p.Direct, new[] { "net10.0" })).ToArray(),
            null,
            Advisories,
            audit ?? Array.Empty<NuGetAuditFinding>(),
            null,
            new DateTime(2026, 11, 26))
        {
            NuGetAuditSettings = settings,
        });
    }

    private static NuGetAuditSettings Settings(string? level = null, string? mode = null, params NuGetAuditSuppression[] suppressions) =>
        NuGetAuditSettings.From(suppressions, level, mode, (p, v, e, u) => throw new InvalidOperationException($"{p}={v}"));

    [Fact]
    public void A_NuGetAuditSuppress_item_excuses_its_advisory_with_its_own_reason_in_the_reports()
    {
        var suppress = new NuGetAuditSuppression("https://github.com/advisories/GHSA-8g4q-xg66-9fp4", "Only trusted JSON is parsed (SEC-12).");

        var evaluation = Evaluate("{ \"severity\": \"high\" }", Settings(suppressions: suppress), null, ("System.Text.Json", "8.0.0", false));

        var excused = Assert.Single(evaluation.Verdicts, v => v.RuleId == "GHSA-8g4q-xg66-9fp4");
        Assert.Equal(VerdictOutcome.Excused, excused.Outcome);
        Assert.Equal(FindingSuppression.NuGetAuditSuppress, excused.ExcusedBy);
        Assert.Contains("Only trusted JSON is parsed (SEC-12).", excused.Message);
        Assert.Contains(evaluation.Verdicts, v => v.RuleId == "GHSA-hh2w-p6rv-4g7w" && v.Outcome == VerdictOutcome.Fail);

        var log = Encoding.UTF8.GetString(AuditLogWriter.Write(evaluation, "App", DateTimeOffset.UnixEpoch));
        Assert.Contains("\"excusedBy\":\"NuGetAuditSuppress\",\"reason\":\"Only trusted JSON is parsed (SEC-12). (NuGetAuditSuppress https://github.com/advisories/GHSA-8g4q-xg66-9fp4)\"", log);
        var finding = Assert.Single(PolicyFindings.From(evaluation, "/repo/src/App/App.csproj"), f => f.Suppression is not null);
        Assert.Equal((FindingSuppression.NuGetAuditSuppress, "PSF6005"), (finding.Suppression!.Source, finding.RuleId));
    }

    [Fact]
    public void A_suppression_matches_an_alias_and_a_NuGetAudit_finding_by_url()
    {
        var byCve = new NuGetAuditSuppression("https://nvd.nist.gov/vuln/detail/CVE-2024-43485", null);
        var byUrl = new NuGetAuditSuppression("https://github.com/advisories/GHSA-aaaa-bbbb-cccc/", null);
        var audit = new[] { new NuGetAuditFinding("Contoso.Internal", "https://github.com/advisories/GHSA-aaaa-bbbb-cccc", AdvisorySeverity.Critical, "NU1904") };

        var evaluation = Evaluate("{ }", Settings(suppressions: new[] { byCve, byUrl }), audit, ("System.Text.Json", "8.0.0", true), ("Contoso.Internal", "1.0.0", true));

        Assert.Equal(VerdictOutcome.Excused, Assert.Single(evaluation.Verdicts, v => v.RuleId == "GHSA-8g4q-xg66-9fp4").Outcome);
        var internalPackage = Assert.Single(evaluation.Verdicts, v => v.RuleId == "GHSA-aaaa-bbbb-cccc");
        Assert.Equal(VerdictOutcome.Excused, internalPackage.Outcome);
        Assert.Contains("Suppressed for NuGetAudit by the project's NuGetAuditSuppress item", internalPackage.ExcuseReason);
    }

    [Fact]
    public void NuGetAuditLevel_sets_the_threshold_unless_the_policy_sets_one()
    {
        // Azure.Identity 1.10.2: a moderate advisory.
        var byLevel = Evaluate("{ }", Settings(level: "high"), null, ("Azure.Identity", "1.10.2", true));
        var azure = Assert.Single(byLevel.Verdicts, v => v.Check == PolicyChecks.Advisory && v.PackageId == "Azure.Identity");
        Assert.Equal(VerdictOutcome.Pass, azure.Outcome);
        Assert.Contains("below the project's NuGetAuditLevel severity threshold (high)", azure.Message);

        var policyWins = Evaluate("{ \"severity\": \"moderate\" }", Settings(level: "critical"), null, ("Azure.Identity", "1.10.2", true));
        Assert.Contains(policyWins.Verdicts, v => v.Check == PolicyChecks.Advisory && v.PackageId == "Azure.Identity" && v.Outcome == VerdictOutcome.Fail);

        var defaults = Evaluate("{ }", NuGetAuditSettings.None, null, ("Azure.Identity", "1.10.2", true));
        Assert.Contains(defaults.Verdicts, v => v.Check == PolicyChecks.Advisory && v.PackageId == "Azure.Identity" && v.Outcome == VerdictOutcome.Fail);
    }

    [Theory]
    [InlineData("medium", null, "NuGetAuditLevel")]
    [InlineData(null, "transitive", "NuGetAuditMode")]
    public void Values_the_check_does_not_understand_are_reported_and_ignored(string? level, string? mode, string property)
    {
        var reported = new List<string>();

        var settings = NuGetAuditSettings.From(Array.Empty<NuGetAuditSuppression>(), level, mode, (p, v, e, u) => reported.Add(p));

        Assert.Equal(new[] { property }, reported);
        Assert.Equal((null, null), (settings.Level, settings.Mode));
        Assert.Equal((AdvisorySeverity.Moderate, "all"), (Settings(level: " Moderate ", mode: "ALL").Level, Settings(mode: "all").Mode));
    }
}
