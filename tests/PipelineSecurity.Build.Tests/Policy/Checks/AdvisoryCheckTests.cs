using System.Linq;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Policy.Inputs;
using Xunit;
using static PipelineSecurity.Build.Tests.Policy.EvaluatePolicy;

namespace PipelineSecurity.Build.Tests.Policy.Checks;

/// <summary>AdvisoryCheck: "advisories": the offline OSV database and NuGetAudit findings (PSF6005).</summary>
public sealed class AdvisoryCheckTests
{
    [Fact]
    public void Advisories_at_or_above_the_threshold_fail_and_name_the_fix()
    {
        var evaluation = Evaluate(
            "\"mode\": \"enforce\", \"advisories\": { \"severity\": \"high\" }",
            new[] { Package("System.Text.Json", "8.0.0", direct: false), Package("Azure.Identity", "1.10.2"), Package("Newtonsoft.Json", "13.0.3") });

        var failures = evaluation.Verdicts.Where(v => v.Outcome == VerdictOutcome.Fail).ToArray();
        Assert.Equal(new[] { "GHSA-8g4q-xg66-9fp4", "GHSA-hh2w-p6rv-4g7w" }, failures.Select(f => f.RuleId));
        Assert.All(failures, f => Assert.Equal("PSF6005", f.Code));
        Assert.Contains("Update to 8.0.5 or later (add a direct reference to override the transitive version)", failures[0].Message);
        Assert.Equal("/repo/src/App/App.csproj", failures[0].File);

        // Azure.Identity 1.10.2 has a MODERATE advisory (GHSA-m5vv-6r4h-3vj9): below the threshold, recorded as a pass.
        var azure = Assert.Single(evaluation.Verdicts, v => v.Check == PolicyChecks.Advisory && v.PackageId == "Azure.Identity");
        Assert.Equal(VerdictOutcome.Pass, azure.Outcome);
        Assert.Contains("1 known vulnerability below the policy's severity threshold (high)", azure.Message);
    }

    [Fact]
    public void NuGetAudit_findings_are_reused_and_not_reported_twice()
    {
        var audit = new[]
        {
            new NuGetAuditFinding("Newtonsoft.Json", "https://github.com/advisories/GHSA-5crp-9r3c-p9vr", AdvisorySeverity.High, "NU1903"),
            new NuGetAuditFinding("Contoso.Internal", "https://github.com/advisories/GHSA-aaaa-bbbb-cccc", AdvisorySeverity.Critical, "NU1904"),
        };

        var evaluation = Evaluate("\"advisories\": { }", new[] { Package("Newtonsoft.Json", "12.0.3"), Package("Contoso.Internal", "2.0.0") }, audit: audit);

        var failures = evaluation.Verdicts.Where(v => v.Outcome == VerdictOutcome.Fail).ToArray();
        Assert.Equal(new[] { "GHSA-5crp-9r3c-p9vr", "GHSA-aaaa-bbbb-cccc" }, failures.Select(f => f.RuleId).OrderBy(x => x));
        Assert.Contains("reported by NuGetAudit as NU1904", failures.Single(f => f.PackageId == "Contoso.Internal").Message);
    }

    [Fact]
    public void NuGetAudit_findings_are_ignored_when_the_policy_says_so()
    {
        var audit = new[] { new NuGetAuditFinding("Contoso.Internal", null, AdvisorySeverity.Critical, "NU1904") };

        var evaluation = Evaluate("\"advisories\": { \"useNuGetAudit\": false }", new[] { Package("Contoso.Internal", "2.0.0") }, audit: audit);

        Assert.Equal(0, evaluation.Violations);
    }
}
