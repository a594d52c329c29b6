using System.Linq;
using PipelineSecurity.Build.Policy;
using Xunit;
using static PipelineSecurity.Build.Tests.Policy.EvaluatePolicy;

namespace PipelineSecurity.Build.Tests.Policy.Checks;

/// <summary>PackageCheck: "packages": denied and allowed packages (PSF6002).</summary>
public sealed class PackageCheckTests
{
    [Fact]
    public void A_denied_package_fails_at_the_policy_entry_and_others_pass()
    {
        var evaluation = Evaluate(
            "\"mode\": \"enforce\", \"packages\": { \"denied\": [ { \"id\": \"Newtonsoft.*\", \"versions\": \"(, 13.0.1)\", \"reason\": \"GHSA-5crp\" } ] }",
            new[] { Package("Newtonsoft.Json", "12.0.3", direct: false), Package("Serilog", "4.2.0") });

        var denied = Only(evaluation, PolicyChecks.Package, VerdictOutcome.Fail);
        Assert.Equal("PSF6002", denied.Code);
        Assert.Equal("Newtonsoft.Json@12.0.3", denied.Subject);
        Assert.Equal("/repo/pipeline-security.json", denied.File);
        Assert.Equal(1, denied.Line);
        Assert.Contains("(transitive) is denied by the policy entry 'Newtonsoft.* (, 13.0.1)' (GHSA-5crp)", denied.Message);
        Assert.Contains("or the dependency that brings it in", denied.Message);
        Assert.Equal("Serilog@4.2.0", Only(evaluation, PolicyChecks.Package, VerdictOutcome.Pass).Subject);
        Assert.False(evaluation.Passed);
        Assert.Equal(1, evaluation.Violations);
    }

    [Fact]
    public void With_an_allow_list_an_unlisted_package_fails_and_a_version_outside_the_range_too()
    {
        var evaluation = Evaluate(
            "\"packages\": { \"allowed\": [ \"Microsoft.*\", { \"id\": \"Serilog\", \"versions\": \"[4.0.0, 5.0.0)\" } ] }",
            new[] { Package("Microsoft.Extensions.Logging", "8.0.0"), Package("Serilog", "5.1.0"), Package("Serilog", "4.2.0"), Package("Left.Pad", "1.0.0") });

        var failed = evaluation.Verdicts.Where(v => v.Outcome == VerdictOutcome.Fail).Select(v => v.Subject).ToArray();
        Assert.Equal(new[] { "Serilog@5.1.0", "Left.Pad@1.0.0" }, failed);
        Assert.True(evaluation.Passed, "audit mode never fails the build");
    }
}
