using System.Collections.Generic;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.Policy.Inputs;
using PipelineSecurity.Build.Policy.Json;

namespace PipelineSecurity.Build.Policy.Checks;

/// <summary>The "analyzers" section: whether PSF1xxx/PSF2xxx analyzer findings are policy violations (default: yes).</summary>
internal sealed record AnalyzerRules(bool Enforce, TextPosition? Position)
{
    public static AnalyzerRules Default { get; } = new(true, null);
}

/// <summary>
/// "analyzers": the analyzers' findings from the compiler's SARIF log, suppressed in source or not, and rules that
/// configuration switched off, are violations the build cannot hide (PSF6006).
/// </summary>
internal sealed class AnalyzerFindingCheck : PolicyCheck<AnalyzerRules>
{
    public override IReadOnlyList<string> Sections { get; } = new[] { "analyzers" };

    protected override AnalyzerRules Read(PolicySectionReader reader, IReadOnlyDictionary<string, PositionedJson> sections)
    {
        if (sections.TryGetValue("analyzers", out var node) && reader.Object(node, "'analyzers'", new[] { "enforce" }) is { } analyzers)
        {
            return new AnalyzerRules(!analyzers.TryGetValue("enforce", out var enforce) || reader.Boolean(enforce, "'analyzers.enforce'"), node.Position);
        }

        return AnalyzerRules.Default;
    }

    protected override IEnumerable<PolicyVerdict> Evaluate(AnalyzerRules rules, PolicyEvaluationRequest request)
    {
        if (request.AnalyzerFindings is not { } findings || !rules.Enforce)
        {
            return Enumerable.Empty<PolicyVerdict>();
        }

        var policyFolder = Path.GetDirectoryName(Path.GetFullPath(request.Policy.FilePath))!;
        return findings.Select(f => Check(policyFolder, f))
            .Concat(request.RulesDisabledByConfiguration.Select(rule => RuleDisabled(rule, request.ProjectFile)));
    }

    private static PolicyVerdict Check(string policyFolder, AnalyzerFinding finding)
    {
        var suppressed = finding.SuppressedInSource
            ? " It is suppressed in source, which the policy does not accept for secrets and insecure configuration: remove the suppression and add a policy exception (with owner and expiry) if the risk is accepted."
            : " Fix the code as the rule's page explains, or add a policy exception for the rule and path.";
        var relative = finding.File is null ? null : PolicyEvaluator.RelativeTo(policyFolder, finding.File);
        return new PolicyVerdict(PolicyChecks.Analyzer, $"{finding.RuleId} {relative ?? "(no file)"}({finding.Line},{finding.Column})", VerdictOutcome.Fail, BuildDiagnosticIds.PolicyAnalyzerFinding,
            BuildDiagnostics.PolicyAnalyzerFinding.FormatMessage($"does not accept {finding.RuleId} findings: {finding.Message.TrimEnd('.', ' ')}", suppressed), finding.File, finding.Line, finding.Column)
        {
            RuleId = finding.RuleId,
            SuppressedInSource = finding.SuppressedInSource,
            SourcePath = relative,
        };
    }

    /// <summary>
    /// The compiler hides findings of a rule set to "none"; the policy still sees that configuration turned the rule off
    /// and treats that as the violation it would hide. Only a policy exception for the rule (without a path) excuses it.
    /// </summary>
    private static PolicyVerdict RuleDisabled(string rule, string projectFile) =>
        new(PolicyChecks.Analyzer, $"{rule} (disabled by configuration)", VerdictOutcome.Fail, BuildDiagnosticIds.PolicyAnalyzerFinding,
            BuildDiagnostics.PolicyAnalyzerFinding.FormatMessage(
                $"requires {rule}, but configuration turns it off for some files of this project (a 'dotnet_diagnostic.{rule}.severity = none' in .editorconfig or a global config, or NoWarn), so its findings are not checked",
                " Remove that setting, or add a policy exception for the rule."),
            projectFile, 0, 0)
        {
            RuleId = rule,
            RuleDisabledByConfiguration = true,
        };
}
