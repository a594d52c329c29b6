using System;
using System.Collections.Generic;
using NuGet.Versioning;
using PipelineSecurity.Build.Policy.Json;
using PipelineSecurity.Build.Policy.LicenseExpressions;

namespace PipelineSecurity.Build.Policy;

/// <summary>What to do when the check meets a package or finding the policy does not decide on.</summary>
public enum PolicyMode
{
    /// <summary>Violations are warnings; the build passes.</summary>
    Audit,

    /// <summary>Violations are errors; the build fails.</summary>
    Enforce,
}

public enum UnknownLicenseAction
{
    Allow,
    Warn,
    Deny,
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

/// <summary>The parsed pipeline-security.json. Every part keeps its position so verdicts can point back at it.</summary>
public sealed record PolicyDocument(
    string FilePath,
    int Version,
    PolicyMode Mode,
    PackageRules Packages,
    LicenseRules? Licenses,
    AdvisoryRules? Advisories,
    IntegrityRequirements Integrity,
    AnalyzerRules Analyzers,
    IReadOnlyList<PolicyException> Exceptions);

/// <summary>A package id glob and an optional NuGet version range.</summary>
public sealed record PackageSelector(PackageIdPattern Id, VersionRange? Versions, string? Reason, TextPosition Position)
{
    public bool Matches(string id, NuGetVersion version) => Id.Matches(id) && (Versions is null || Versions.Satisfies(version));

    public override string ToString() => Versions is null ? Id.Pattern : Id.Pattern + " " + Versions.ToNormalizedString();
}

public sealed record PackageRules(IReadOnlyList<PackageSelector> Denied, IReadOnlyList<PackageSelector>? Allowed, TextPosition? AllowedPosition);

public sealed record LicenseEntry(LicenseExpression Expression, TextPosition Position);

public sealed record LicenseRules(
    IReadOnlyList<LicenseEntry>? Allowed,
    IReadOnlyList<LicenseEntry> Denied,
    UnknownLicenseAction Unknown,
    TextPosition Position);

public sealed record AdvisoryRules(
    string? DatabasePath,
    AdvisorySeverity MinimumSeverity,
    bool UseNuGetAudit,
    TextPosition Position,
    TextPosition? DatabasePosition)
{
    /// <summary>Whether the policy sets "severity" itself (it then wins over the project's NuGetAuditLevel).</summary>
    public bool MinimumSeveritySet { get; init; }
}

/// <summary>Requirements that other PipelineSecurity tasks enforce; null means "not set by the policy".</summary>
public sealed record IntegrityRequirements(
    string? RequiredSignature,
    IReadOnlyList<string>? TrustedAuthors,
    IReadOnlyList<string>? TrustedRepositories,
    bool? RequireLockFile,
    bool? SbomEnabled);

/// <summary>Whether PSF1xxx/PSF2xxx analyzer findings are policy violations (default: yes).</summary>
public sealed record AnalyzerRules(bool Enforce, TextPosition? Position);

/// <summary>
/// One excused case. Every field that is set must match a verdict for the exception to apply; at least one of
/// <see cref="Package"/>, <see cref="Advisory"/> and <see cref="Rule"/> is set.
/// </summary>
public sealed record PolicyException(
    PackageIdPattern? Package,
    VersionRange? Versions,
    string? Advisory,
    string? Rule,
    PathPattern? Path,
    string Justification,
    string Owner,
    DateTime Expires,
    TextPosition Position)
{
    public string Describe()
    {
        var parts = new List<string>();
        if (Rule is not null)
        {
            parts.Add("rule " + Rule);
        }

        if (Advisory is not null)
        {
            parts.Add("advisory " + Advisory);
        }

        if (Package is not null)
        {
            parts.Add("package " + Package.Pattern + (Versions is null ? "" : " " + Versions.ToNormalizedString()));
        }

        if (Path is not null)
        {
            parts.Add("path " + Path.Pattern);
        }

        return string.Join(", ", parts);
    }

    public bool IsExpired(DateTime today) => today.Date > Expires.Date;
}
