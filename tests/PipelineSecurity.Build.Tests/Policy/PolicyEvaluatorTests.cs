using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NuGet.Versioning;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Policy.Advisories;
using PipelineSecurity.Build.Policy.Inputs;
using PipelineSecurity.Build.Restore;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy;

public sealed class PolicyEvaluatorTests
{
    private static readonly DateTime Today = new(2026, 11, 26);
    private static readonly OsvDatabase Advisories = OsvDatabaseReader.ReadFolder(PolicyTestFiles.AdvisoryFolder);

    private static RestoredPackage Package(string id, string version, bool direct = true) => new(id, NuGetVersion.Parse(version), direct, new[] { "net10.0" });

    private static PolicyEvaluation Evaluate(
        string policyBody,
        IReadOnlyList<RestoredPackage>? packages = null,
        Func<RestoredPackage, PackageLicense>? licenses = null,
        IReadOnlyList<NuGetAuditFinding>? audit = null,
        IReadOnlyList<AnalyzerFinding>? findings = null,
        IReadOnlyList<string>? sources = null,
        DateTime? today = null,
        IReadOnlyList<string>? disabledRules = null)
    {
        var policy = PolicyFileParser.Parse("/repo/pipeline-security.json", Encoding.UTF8.GetBytes("{ \"version\": 1, " + policyBody + " }"));
        return PolicyEvaluator.Evaluate(new PolicyEvaluationRequest(
            policy,
            policy.Mode,
            "/repo/src/App/App.csproj",
            packages ?? Array.Empty<RestoredPackage>(),
            licenses ?? (_ => new PackageLicense(PackageLicenseKind.Expression, "MIT", null)),
            Advisories,
            audit ?? Array.Empty<NuGetAuditFinding>(),
            findings,
            today ?? Today)
        {
            SourceFiles = sources ?? Array.Empty<string>(),
            RulesDisabledByConfiguration = disabledRules ?? Array.Empty<string>(),
        });
    }

    private static PolicyVerdict Only(PolicyEvaluation evaluation, string check, VerdictOutcome outcome) =>
        Assert.Single(evaluation.Verdicts, v => v.Check == check && v.Outcome == outcome);

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

    private const string Exception = "\"justification\": \"accepted\", \"owner\": \"team-a\"";

    [Fact]
    public void A_valid_exception_excuses_what_it_names_and_only_that()
    {
        var evaluation = Evaluate(
            "\"mode\": \"enforce\", \"packages\": { \"denied\": [ \"Newtonsoft.Json\" ] }, \"exceptions\": [ { \"package\": \"Newtonsoft.Json\", \"versions\": \"[12.0.3]\", " + Exception + ", \"expires\": \"2026-11-26\" } ]",
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
            "\"mode\": \"enforce\", \"advisories\": { }, \"exceptions\": [ { \"advisory\": \"CVE-2024-21907\", " + Exception + ", \"expires\": \"2027-01-01\" }, { \"rule\": \"PSF1001\", \"path\": \"tests/**\", " + Exception + ", \"expires\": \"2027-01-01\" } ]",
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
            "\"mode\": \"enforce\", \"packages\": { \"denied\": [ \"Newtonsoft.Json\" ] }, \"exceptions\": [\n  { \"package\": \"Newtonsoft.Json\", " + Exception + ", \"expires\": \"2026-11-25\" } ]",
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
        var body = "\"packages\": { \"denied\": [ \"A\" ] }, \"exceptions\": [ { \"package\": \"A\", " + Exception + ", \"expires\": \"2026-11-26\" } ]";

        Assert.Equal(0, Evaluate(body, new[] { Package("A", "1.0.0") }, today: new DateTime(2026, 11, 26)).Violations);
        Assert.Equal(2, Evaluate(body, new[] { Package("A", "1.0.0") }, today: new DateTime(2026, 11, 27)).Violations);
    }

    [Fact]
    public void An_exception_that_excuses_nothing_here_is_reported_only_when_it_concerns_this_project()
    {
        var evaluation = Evaluate(
            "\"packages\": { \"denied\": [ \"Newtonsoft.Json\" ] }, \"exceptions\": [ "
            + "{ \"package\": \"Newtonsoft.Json\", \"versions\": \"[12.0.3]\", " + Exception + ", \"expires\": \"2027-01-01\" }, "
            + "{ \"package\": \"Other.Package\", " + Exception + ", \"expires\": \"2027-01-01\" }, "
            + "{ \"rule\": \"PSF1001\", \"path\": \"src/App/**\", " + Exception + ", \"expires\": \"2027-01-01\" }, "
            + "{ \"rule\": \"PSF1001\", \"path\": \"src/Other/**\", " + Exception + ", \"expires\": \"2027-01-01\" } ]",
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

    [Fact]
    public void A_rule_switched_off_by_configuration_fails_in_enforce_mode_unless_excused()
    {
        var disabled = new[] { "PSF1001" };

        var verdict = Only(Evaluate("\"mode\": \"enforce\"", findings: Array.Empty<AnalyzerFinding>(), disabledRules: disabled), PolicyChecks.Analyzer, VerdictOutcome.Fail);
        Assert.Equal(("PSF6006", "PSF1001 (disabled by configuration)", "/repo/src/App/App.csproj"), (verdict.Code, verdict.Subject, verdict.File));
        Assert.Contains("'dotnet_diagnostic.PSF1001.severity = none'", verdict.Message);

        var excused = Evaluate("\"mode\": \"enforce\", \"exceptions\": [ { \"rule\": \"PSF1001\", " + Exception + ", \"expires\": \"2027-01-01\" } ]", findings: Array.Empty<AnalyzerFinding>(), disabledRules: disabled);
        Assert.Equal(0, excused.Violations);
    }
}
