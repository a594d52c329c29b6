using System.Collections.Generic;
using System.Linq;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Restore;
using Xunit;
using static PipelineSecurity.Build.Tests.Policy.EvaluatePolicy;

namespace PipelineSecurity.Build.Tests.Policy.Checks;

/// <summary>LicenseCheck: "licenses": SPDX expressions against allowed and denied licences (PSF6003, PSF6004).</summary>
public sealed class LicenseCheckTests
{
    [Fact]
    public void Licences_are_checked_by_expression_and_unknown_ones_follow_the_policy()
    {
        var licenses = new Dictionary<string, PackageLicense>
        {
            ["A"] = new(PackageLicenseKind.Expression, "MIT OR GPL-3.0-only", null),
            ["B"] = new(PackageLicenseKind.Expression, "MIT AND GPL-3.0-only", null),
            ["C"] = new(PackageLicenseKind.Expression, "MPL-2.0", null),
            ["D"] = new(PackageLicenseKind.UrlOnly, null, "https://example.com/eula"),
            ["E"] = new(PackageLicenseKind.File, null, "LICENSE.txt"),
            ["F"] = new(PackageLicenseKind.Expression, "MIT/X11", null),
        };

        var evaluation = Evaluate(
            "\"licenses\": { \"allowed\": [\"MIT\"], \"denied\": [\"GPL-3.0-only\"], \"unknown\": \"deny\" }",
            licenses.Keys.Select(k => Package(k, "1.0.0")).ToArray(),
            p => licenses[p.Id]);

        var license = evaluation.Verdicts.Where(v => v.Check == PolicyChecks.License).ToDictionary(v => v.PackageId!);
        Assert.Equal(VerdictOutcome.Pass, license["A"].Outcome);
        Assert.Equal((VerdictOutcome.Fail, "PSF6003"), (license["B"].Outcome, license["B"].Code));
        Assert.Contains("GPL-3.0-only is denied by the policy", license["B"].Message);
        Assert.Contains("MPL-2.0 is not in the policy's allowed licences", license["C"].Message);
        Assert.Equal((VerdictOutcome.Fail, "PSF6004"), (license["D"].Outcome, license["D"].Code));
        Assert.Contains("only gives a licence URL", license["D"].Message);
        Assert.Contains("a file in the package", license["E"].Message);
        Assert.Contains("is not valid SPDX", license["F"].Message);
    }

    [Fact]
    public void Unknown_licences_warn_by_default()
    {
        var evaluation = Evaluate("\"licenses\": { \"allowed\": [\"MIT\"] }", new[] { Package("A", "1.0.0") }, _ => PackageLicense.NotFound);

        var verdict = Only(evaluation, PolicyChecks.License, VerdictOutcome.Warn);
        Assert.Contains("nuspec is not in the package folders", verdict.Message);
    }

    [Fact]
    public void A_denied_licence_points_at_its_own_deny_entry()
    {
        var evaluation = Evaluate(
            "\"licenses\": { \"denied\": [\n \"GPL-3.0-only\",\n \"LGPL-3.0-only\" ] }",
            new[] { Package("A", "1.0.0"), Package("B", "1.0.0") },
            p => new PackageLicense(PackageLicenseKind.Expression, p.Id == "A" ? "LGPL-3.0-only" : "GPL-3.0-only WITH GCC-exception-3.1", null));

        var verdicts = evaluation.Verdicts.Where(v => v.Check == PolicyChecks.License).ToDictionary(v => v.PackageId!);
        Assert.Equal((3, 2), (verdicts["A"].Line, verdicts["A"].Column));
        Assert.Equal((2, 2), (verdicts["B"].Line, verdicts["B"].Column));
    }
}
