using System;
using System.Collections.Generic;
using PipelineSecurity.Build.Policy.Checks;
using PipelineSecurity.Build.Policy.Exceptions;

namespace PipelineSecurity.Build.Policy;

/// <summary>What to do when the check meets a package or finding the policy does not decide on.</summary>
public enum PolicyMode
{
    /// <summary>Violations are warnings; the build passes.</summary>
    Audit,

    /// <summary>Violations are errors; the build fails.</summary>
    Enforce,
}

/// <summary>Advisory severities in increasing order, as OSV's GitHub records and NuGetAudit name them.</summary>
public enum AdvisorySeverity
{
    Unknown = 0,
    Low = 1,
    Moderate = 2,
    High = 3,
    Critical = 4,
}

/// <summary>
/// The parsed pipeline-security.json: the file-level settings, each check's rules (read by the check that owns their
/// section, see <see cref="PolicyCheckList"/>) and the exceptions. Every part keeps its position so verdicts can point back at it.
/// </summary>
public sealed class PolicyDocument
{
    private readonly IReadOnlyDictionary<Type, object> _rules;

    public PolicyDocument(string filePath, int version, PolicyMode mode, IReadOnlyDictionary<Type, object> rules, IReadOnlyList<PolicyException> exceptions)
    {
        FilePath = filePath;
        Version = version;
        Mode = mode;
        _rules = rules;
        Exceptions = exceptions;
    }

    public string FilePath { get; }

    public int Version { get; }

    public PolicyMode Mode { get; }

    public IReadOnlyList<PolicyException> Exceptions { get; }

    public PackageRules Packages => Rules<PackageRules>() ?? PackageRules.None;

    public LicenseRules? Licenses => Rules<LicenseRules>();

    public AdvisoryRules? Advisories => Rules<AdvisoryRules>();

    /// <summary>Requirements that other PipelineSecurity tasks enforce.</summary>
    public IntegrityRequirements Integrity => Rules<IntegrityRequirements>() ?? new IntegrityRequirements(null, null, null, null, null);

    public AnalyzerRules Analyzers => Rules<AnalyzerRules>() ?? AnalyzerRules.Default;

    /// <summary>The rules a check read from its sections, or null when the policy does not configure that check.</summary>
    public TRules? Rules<TRules>()
        where TRules : class =>
        _rules.TryGetValue(typeof(TRules), out var rules) ? (TRules)rules : null;
}
