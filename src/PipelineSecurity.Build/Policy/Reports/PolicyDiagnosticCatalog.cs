using System.Collections.Generic;

namespace PipelineSecurity.Build.Policy.Reports;

/// <summary>Names and one-line descriptions of the PSF6xxx codes, for the SARIF report's rule table.</summary>
public static class PolicyDiagnosticCatalog
{
    public static readonly IReadOnlyList<(string Id, string Name, string Description)> Rules = new[]
    {
        (BuildDiagnosticIds.PolicyFileInvalid, "PolicyFileInvalid", "The policy file is missing, not valid JSON, or does not follow the policy schema."),
        (BuildDiagnosticIds.PolicyPackageDenied, "PackageNotAllowed", "A restored package is denied by the policy, or missing from its allowed packages."),
        (BuildDiagnosticIds.PolicyLicenseNotAllowed, "LicenseNotAllowed", "A restored package's licence is denied, or not in the policy's allowed licences."),
        (BuildDiagnosticIds.PolicyLicenseUnknown, "LicenseUnknown", "A restored package's licence cannot be determined from its nuspec."),
        (BuildDiagnosticIds.PolicyVulnerablePackage, "VulnerablePackage", "A restored package version has a known vulnerability at or above the policy's severity threshold."),
        (BuildDiagnosticIds.PolicyAnalyzerFinding, "AnalyzerFindingNotAccepted", "A hard-coded secret or insecure configuration finding, which the policy does not accept."),
        (BuildDiagnosticIds.PolicyExceptionExpired, "ExceptionExpired", "A policy exception is past its expiry date."),
        (BuildDiagnosticIds.PolicyExceptionUnused, "ExceptionUnused", "A policy exception excuses nothing."),
        (BuildDiagnosticIds.PolicyAdvisoryDatabaseInvalid, "AdvisoryDatabaseInvalid", "The advisory database is missing or holds a record that is not valid OSV."),
        (BuildDiagnosticIds.PolicyAnalyzerLogUnreadable, "AnalyzerLogUnreadable", "The compiler's error log with the analyzers' findings cannot be read."),
        (BuildDiagnosticIds.BaselineInvalid, "BaselineInvalid", "The baseline file (pipeline-security.baseline.json) cannot be read or does not have the baseline's format."),
        (BuildDiagnosticIds.BaselineStale, "BaselineEntryStale", "Baseline entries no longer match a finding: the findings were fixed, and the entries should be removed."),
        (BuildDiagnosticIds.BaselineGrowthRefused, "BaselineGrowthRefused", "New findings were not added to the baseline because the policy lets it only shrink in enforce mode."),
        (BuildDiagnosticIds.NuGetAuditSettingInvalid, "NuGetAuditSettingInvalid", "A NuGetAudit setting (NuGetAuditLevel, NuGetAuditMode) has a value the advisory check does not understand."),
    };
}
