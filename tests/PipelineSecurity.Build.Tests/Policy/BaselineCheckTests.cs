using System.Linq;
using System.Text;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Policy.Checks;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy;

public sealed class BaselineCheckTests
{
    private static PolicyDocument Parse(string body) =>
        PolicyFileParser.Parse("/repo/pipeline-security.json", Encoding.UTF8.GetBytes("{ \"version\": 1" + body + " }"));

    [Fact]
    public void A_shrink_only_baseline_may_not_grow_in_enforce_mode_only()
    {
        var policy = Parse(", \"baseline\": { \"shrinkOnly\": true }");

        Assert.False(BaselineCheck.MayGrow(policy, PolicyMode.Enforce));
        Assert.True(BaselineCheck.MayGrow(policy, PolicyMode.Audit));
        Assert.True(BaselineCheck.MayGrow(Parse(""), PolicyMode.Enforce));
    }

    [Fact]
    public void A_bad_baseline_section_is_a_policy_error_at_its_position()
    {
        var invalid = Assert.Throws<PolicyFileException>(() => Parse(",\n  \"baseline\": { \"shrinkOnly\": \"yes\", \"grow\": 1 }"));

        Assert.Equal(2, invalid.Errors.Count);
        Assert.All(invalid.Errors, e => Assert.Equal(2, e.Position.Line));
    }

    [Fact]
    public void Stale_entries_and_refused_growth_become_warnings_of_the_baseline_check()
    {
        var verdicts = BaselineCheck.Verdicts(new[]
        {
            new GateDiagnostic(GateSeverity.Warning, "PSF6021", "2 baseline entries ...", "/repo/pipeline-security.baseline.json", 0, 0),
            new GateDiagnostic(GateSeverity.Message, "PSF6021", "Baseline updated", null, 0, 0),
            new GateDiagnostic(GateSeverity.Error, "PSF6020", "damaged", "/repo/pipeline-security.baseline.json", 0, 0),
        }).ToArray();

        var stale = Assert.Single(verdicts);
        Assert.Equal((PolicyChecks.Baseline, VerdictOutcome.Warn, "PSF6021"), (stale.Check, stale.Outcome, stale.Code));
    }
}
