using System;
using System.Collections.Generic;
using System.IO;
using PipelineSecurity.Build.Policy.Advisories;
using PipelineSecurity.Build.Policy.Checks;
using PipelineSecurity.Build.Policy.Exceptions;
using PipelineSecurity.Build.Policy.Inputs;
using PipelineSecurity.Build.Restore;

namespace PipelineSecurity.Build.Policy;

/// <summary>Everything a policy decision needs, already read from disk: the evaluator itself does no I/O.</summary>
internal sealed record PolicyEvaluationRequest(
    PolicyDocument Policy,
    PolicyMode Mode,
    string ProjectFile,
    IReadOnlyList<RestoredPackage> Packages,
    Func<RestoredPackage, PackageLicense>? Licenses,
    OsvDatabase? Advisories,
    IReadOnlyList<NuGetAuditFinding> NuGetAudit,
    IReadOnlyList<AnalyzerFinding>? AnalyzerFindings,
    DateTime Today)
{
    /// <summary>The project's source files (full paths), to tell whether an exception's path concerns this project.</summary>
    public IReadOnlyList<string> SourceFiles { get; init; } = Array.Empty<string>();

    /// <summary>The project's NuGetAuditSuppress items, NuGetAuditLevel and NuGetAuditMode.</summary>
    public NuGetAuditSettings NuGetAuditSettings { get; init; } = NuGetAuditSettings.None;

    /// <summary>PSF1xxx/PSF2xxx rules that configuration switched off for some files (from the compiler's log).</summary>
    public IReadOnlyList<string> RulesDisabledByConfiguration { get; init; } = Array.Empty<string>();
}

/// <summary>
/// Applies a policy to a project: every registered check (<see cref="PolicyCheckList"/>) gives its verdicts, then
/// <see cref="ExceptionPass"/> excuses what valid exceptions cover and judges the exceptions themselves.
/// </summary>
internal static class PolicyEvaluator
{
    public static PolicyEvaluation Evaluate(PolicyEvaluationRequest request) => Evaluate(request, PolicyCheckList.All);

    /// <summary>Evaluates with the given checks (tests and benchmarks can run one check alone).</summary>
    public static PolicyEvaluation Evaluate(PolicyEvaluationRequest request, IReadOnlyList<IPolicyCheck> checks)
    {
        var verdicts = new List<PolicyVerdict>();
        foreach (var check in checks)
        {
            verdicts.AddRange(check.Evaluate(request));
        }

        return new PolicyEvaluation(request.Mode, ExceptionPass.Apply(request, verdicts));
    }

    public static string SeverityName(AdvisorySeverity severity) => severity switch
    {
        AdvisorySeverity.Low => "low",
        AdvisorySeverity.Moderate => "moderate",
        AdvisorySeverity.High => "high",
        AdvisorySeverity.Critical => "critical",
        _ => "unrated",
    };

    /// <summary>Text echoed from inputs (advisory summaries, licence texts) is cut short in messages.</summary>
    internal static string Shorten(string text) => text.Length <= 160 ? text : text.Substring(0, 157) + "...";

    /// <summary>The path relative to <paramref name="folder"/> with '/' separators, or the full path when it lies outside.</summary>
    public static string RelativeTo(string folder, string file)
    {
        var full = Path.GetFullPath(file).Replace('\\', '/');
        var root = folder.Replace('\\', '/').TrimEnd('/') + "/";
        return full.StartsWith(root, StringComparison.OrdinalIgnoreCase) ? full.Substring(root.Length) : full;
    }
}
