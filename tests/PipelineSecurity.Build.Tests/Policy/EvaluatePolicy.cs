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

/// <summary>Runs the policy evaluator (every check, then the exception pass) on a policy body and inputs, for the per-check tests.</summary>
internal static class EvaluatePolicy
{
    /// <summary>The justification and owner every exception of these tests carries.</summary>
    public const string JustifiedAndOwned = "\"justification\": \"accepted\", \"owner\": \"team-a\"";

    public static readonly DateTime Today = new(2026, 11, 26);

    public static readonly OsvDatabase Advisories = OsvDatabaseReader.ReadFolder(PolicyTestFiles.AdvisoryFolder);

    public static RestoredPackage Package(string id, string version, bool direct = true) => new(id, NuGetVersion.Parse(version), direct, new[] { "net10.0" });

    public static Build.Policy.PolicyEvaluation Evaluate(
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

    public static PolicyVerdict Only(Build.Policy.PolicyEvaluation evaluation, string check, VerdictOutcome outcome) =>
        Assert.Single(evaluation.Verdicts, v => v.Check == check && v.Outcome == outcome);
}
