using System;
using System.Linq;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Policy.Inputs;
using Xunit;
using static PipelineSecurity.Build.Tests.Policy.EvaluatePolicy;

namespace PipelineSecurity.Build.Tests.Policy.Exceptions;

/// <summary>ExceptionPass: "exceptions": excusing verdicts, expiry (PSF6007) and unused exceptions (PSF6008).</summary>
public sealed class ExceptionPassTests
{
    [Fact]
    public void A_valid_exception_excuses_what_it_names_and_only_that()
    {
        var evaluation = Evaluate(
            "\"mode\": \"enforce\", \"packages\": { \"denied\": [ \"Newtonsoft.Json\" ] }, \"exceptions\": [ { \"package\": \"Newtonsoft.Json\", \"versions\": \"[12.0.3]\", " + JustifiedAndOwned + ", \"expires\": \"2026-11-26\" } ]",
            new[] { Package("Newtonsoft.Json", "12.0.3"), Package("Newtonsoft.Json", "11.0.1") });

        var excused = Only(evaluation, PolicyChecks.Package, VerdictOutcome.Excused);
        Assert.Equal("Newtonsoft.Json@12.0.3", excused.Subject);
        Assert.Equal("team-a", excused.ExceptionUsed!.Owner);
        Assert.Contains("Excused by the policy exception at pipeline-security.json(1,", excused.Message);
        Assert.Equal("Newtonsoft.Json@11.0.1", Only(evaluation, PolicyChecks.Package, VerdictOutcome.Fail).Subject);
        Assert.Equal(VerdictOutcome.Pass, Assert.Single(evaluation.Verdicts, v => v.Check == PolicyChecks.Exception).Outcome);
        Assert.Equal(1, evaluation.ExceptionsUsed);
    }

    [Fact]
    public void An_advisory_exception_matches_by_id_or_alias_and_a_rule_exception_by_rule_and_path()
    {
        var findings = new[]
        {
            new AnalyzerFinding("PSF1001", "key", "/repo/tests/Fixtures/Keys.cs", 1, 1, false, "warning"),
            new AnalyzerFinding("PSF1001", "key", "/repo/src/App/Keys.cs", 1, 1, false, "warning"),
        };

        var evaluation = Evaluate(
            "\"mode\": \"enforce\", \"advisories\": { }, \"exceptions\": [ { \"advisory\": \"CVE-2024-21907\", " + JustifiedAndOwned + ", \"expires\": \"2027-01-01\" }, { \"rule\": \"PSF1001\", \"path\": \"tests/**\", " + JustifiedAndOwned + ", \"expires\": \"2027-01-01\" } ]",
            new[] { Package("Newtonsoft.Json", "12.0.3") },
            findings: findings,
            sources: new[] { "/repo/tests/Fixtures/Keys.cs", "/repo/src/App/Keys.cs" });

        Assert.Equal(VerdictOutcome.Excused, Assert.Single(evaluation.Verdicts, v => v.RuleId == "GHSA-5crp-9r3c-p9vr").Outcome);
        Assert.Equal(
            new[] { ("PSF1001 tests/Fixtures/Keys.cs(1,1)", VerdictOutcome.Excused), ("PSF1001 src/App/Keys.cs(1,1)", VerdictOutcome.Fail) },
            evaluation.Verdicts.Where(v => v.Check == PolicyChecks.Analyzer).Select(v => (v.Subject, v.Outcome)));
        Assert.Equal(2, evaluation.ExceptionsUsed);
    }

    [Fact]
    public void An_expired_exception_fails_naming_it_and_no_longer_excuses()
    {
        var evaluation = Evaluate(
            "\"mode\": \"enforce\", \"packages\": { \"denied\": [ \"Newtonsoft.Json\" ] }, \"exceptions\": [\n  { \"package\": \"Newtonsoft.Json\", " + JustifiedAndOwned + ", \"expires\": \"2026-11-25\" } ]",
            new[] { Package("Newtonsoft.Json", "12.0.3") });

        Assert.Equal(VerdictOutcome.Fail, Assert.Single(evaluation.Verdicts, v => v.Check == PolicyChecks.Package).Outcome);
        var expired = Only(evaluation, PolicyChecks.Exception, VerdictOutcome.Fail);
        Assert.Equal("PSF6007", expired.Code);
        Assert.Equal(("/repo/pipeline-security.json", 2, 3), (expired.File, expired.Line, expired.Column));
        Assert.Contains("The policy exception for package Newtonsoft.Json (owner team-a) expired on 2026-11-25", expired.Message);
        Assert.Contains("It no longer excuses the violations it matches", expired.Message);
        Assert.Equal(2, evaluation.Violations);
    }

    [Fact]
    public void An_exception_is_valid_through_its_expiry_day()
    {
        var body = "\"packages\": { \"denied\": [ \"A\" ] }, \"exceptions\": [ { \"package\": \"A\", " + JustifiedAndOwned + ", \"expires\": \"2026-11-26\" } ]";

        Assert.Equal(0, Evaluate(body, new[] { Package("A", "1.0.0") }, today: new DateTime(2026, 11, 26)).Violations);
        Assert.Equal(2, Evaluate(body, new[] { Package("A", "1.0.0") }, today: new DateTime(2026, 11, 27)).Violations);
    }

    [Fact]
    public void An_exception_that_excuses_nothing_here_is_reported_only_when_it_concerns_this_project()
    {
        var evaluation = Evaluate(
            "\"packages\": { \"denied\": [ \"Newtonsoft.Json\" ] }, \"exceptions\": [ "
            + "{ \"package\": \"Newtonsoft.Json\", \"versions\": \"[12.0.3]\", " + JustifiedAndOwned + ", \"expires\": \"2027-01-01\" }, "
            + "{ \"package\": \"Other.Package\", " + JustifiedAndOwned + ", \"expires\": \"2027-01-01\" }, "
            + "{ \"rule\": \"PSF1001\", \"path\": \"src/App/**\", " + JustifiedAndOwned + ", \"expires\": \"2027-01-01\" }, "
            + "{ \"rule\": \"PSF1001\", \"path\": \"src/Other/**\", " + JustifiedAndOwned + ", \"expires\": \"2027-01-01\" } ]",
            new[] { Package("Newtonsoft.Json", "13.0.3") },
            findings: Array.Empty<AnalyzerFinding>(),
            sources: new[] { "/repo/src/App/Program.cs" });

        var exceptions = evaluation.Verdicts.Where(v => v.Check == PolicyChecks.Exception).ToArray();
        Assert.Equal(
            new[] { VerdictOutcome.Warn, VerdictOutcome.Pass, VerdictOutcome.Warn, VerdictOutcome.Pass },
            exceptions.Select(v => v.Outcome));
        Assert.Equal("PSF6008", exceptions[0].Code);
        Assert.Contains("excuses nothing in this project", exceptions[0].Message);
        Assert.Contains("does not concern this project", exceptions[1].Message);
    }
}
