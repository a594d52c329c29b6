using System.Collections.Generic;
using PipelineSecurity.Build.Policy.Checks;
using PipelineSecurity.Build.Policy.Exceptions;

namespace PipelineSecurity.Build.Policy;

/// <summary>What to do when the check meets a package or finding the policy does not decide on.</summary>
internal enum PolicyMode
{
    /// <summary>Violations are warnings; the build passes.</summary>
    Audit,

    /// <summary>Violations are errors; the build fails.</summary>
    Enforce,
}

/// <summary>Advisory severities in increasing order, as OSV's GitHub records and NuGetAudit name them.</summary>
internal enum AdvisorySeverity
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
internal sealed class PolicyDocument
{
    private readonly IReadOnlyList<object> _rules;

    /// <param name="rules">The rules each configured check read, one object per check (of a type of its own).</param>
    public PolicyDocument(string filePath, int version, PolicyMode mode, IReadOnlyList<object> rules, IReadOnlyList<PolicyException> exceptions)
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
        where TRules : class
    {
        // A handful of checks: a scan is cheaper than a dictionary for every parse.
        for (var i = 0; i < _rules.Count; i++)
        {
            if (_rules[i] is TRules rules)
            {
                return rules;
            }
        }

        return null;
    }
}
