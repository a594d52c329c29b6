using System;
using System.Linq;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Policy.Inputs;
using Xunit;
using static PipelineSecurity.Build.Tests.Policy.EvaluatePolicy;

namespace PipelineSecurity.Build.Tests.Policy.Checks;

/// <summary>AnalyzerFindingCheck: "analyzers": analyzer findings and rules switched off by configuration (PSF6006).</summary>
public sealed class AnalyzerFindingCheckTests
{
    [Fact]
    public void Analyzer_findings_fail_in_enforce_mode_including_suppressed_ones_unless_disabled()
    {
        var findings = new[]
        {
            new AnalyzerFinding("PSF1001", "Private key hard-coded here (redacted)", "/repo/src/App/Keys.cs", 10, 42, false, "warning"),
            new AnalyzerFinding("PSF2001", "TLS validation disabled", "/repo/src/App/Http.cs", 3, 5, true, "warning"),
        };

        var enforced = Evaluate("\"mode\": \"enforce\"", findings: findings);
        var verdicts = enforced.Verdicts.Where(v => v.Check == PolicyChecks.Analyzer).ToArray();
        Assert.Equal(2, verdicts.Length);
        Assert.All(verdicts, v => Assert.Equal((VerdictOutcome.Fail, "PSF6006"), (v.Outcome, v.Code)));
        Assert.Equal(("/repo/src/App/Keys.cs", 10, 42), (verdicts[0].File, verdicts[0].Line, verdicts[0].Column));
        Assert.Equal("PSF1001 src/App/Keys.cs(10,42)", verdicts[0].Subject);
        Assert.Contains("suppressed in source", verdicts[1].Message);

        Assert.Empty(Evaluate("\"mode\": \"enforce\", \"analyzers\": { \"enforce\": false }", findings: findings).Verdicts);
    }

    [Fact]
    public void A_rule_switched_off_by_configuration_fails_in_enforce_mode_unless_excused()
    {
        var disabled = new[] { "PSF1001" };

        var verdict = Only(Evaluate("\"mode\": \"enforce\"", findings: Array.Empty<AnalyzerFinding>(), disabledRules: disabled), PolicyChecks.Analyzer, VerdictOutcome.Fail);
        Assert.Equal(("PSF6006", "PSF1001 (disabled by configuration)", "/repo/src/App/App.csproj"), (verdict.Code, verdict.Subject, verdict.File));
        Assert.Contains("'dotnet_diagnostic.PSF1001.severity = none'", verdict.Message);

        var excused = Evaluate("\"mode\": \"enforce\", \"exceptions\": [ { \"rule\": \"PSF1001\", " + JustifiedAndOwned + ", \"expires\": \"2027-01-01\" } ]", findings: Array.Empty<AnalyzerFinding>(), disabledRules: disabled);
        Assert.Equal(0, excused.Violations);
    }
}
