using System.Collections.Generic;
using System.Linq;
using PipelineSecurity.Build.Policy.Exceptions;

namespace PipelineSecurity.Build.Policy;

internal enum VerdictOutcome
{
    /// <summary>The check passed.</summary>
    Pass,

    /// <summary>A violation: an error in enforce mode, a warning in audit mode.</summary>
    Fail,

    /// <summary>Worth attention but never fails the build (an unused exception, an unknown licence under "warn").</summary>
    Warn,

    /// <summary>A violation excused by a policy exception that is still valid.</summary>
    Excused,
}

/// <summary>The checks the policy runs, as they are named in the reports.</summary>
internal static class PolicyChecks
{
    public const string Package = "package";
    public const string License = "license";
    public const string Advisory = "advisory";
    public const string Analyzer = "analyzer";
    public const string Exception = "exception";
    public const string Baseline = "baseline";
}

/// <summary>
/// The outcome of one check on one subject (a package version, an analyzer finding, an exception of the policy).
/// <see cref="Code"/> is the PSF6xxx code reported for it; <see cref="RuleId"/> names what matched (an advisory id,
/// an analyzer rule id), which exceptions can refer to.
/// </summary>
internal sealed record PolicyVerdict(
    string Check,
    string Subject,
    VerdictOutcome Outcome,
    string Code,
    string Message,
    string? File,
    int Line,
    int Column)
{
    public string? PackageId { get; init; }

    public NuGet.Versioning.NuGetVersion? PackageVersion { get; init; }

    public string? RuleId { get; init; }

    public IReadOnlyList<string> RuleAliases { get; init; } = System.Array.Empty<string>();

    public string? SourcePath { get; init; }

    /// <summary>An analyzer finding the compiler did not print because the source suppresses it.</summary>
    public bool SuppressedInSource { get; init; }

    /// <summary>An analyzer rule that configuration switched off (the verdict is about the rule, not a finding).</summary>
    public bool RuleDisabledByConfiguration { get; init; }

    public PolicyException? ExceptionUsed { get; init; }

    /// <summary>What excused the violation when it was not a policy exception: <c>NuGetAuditSuppress</c> or <c>baseline</c>.</summary>
    public string? ExcusedBy { get; init; }

    /// <summary>The reason <see cref="ExcusedBy"/> gives (a NuGetAuditSuppress item's Justification, the baseline file).</summary>
    public string? ExcuseReason { get; init; }
}

internal sealed record PolicyEvaluation(PolicyMode Mode, IReadOnlyList<PolicyVerdict> Verdicts)
{
    public int Violations => Verdicts.Count(v => v.Outcome == VerdictOutcome.Fail);

    public int ExceptionsUsed => Verdicts.Where(v => v.ExceptionUsed is not null).Select(v => v.ExceptionUsed).Distinct().Count();

    public bool Passed => Mode == PolicyMode.Audit || Violations == 0;
}
