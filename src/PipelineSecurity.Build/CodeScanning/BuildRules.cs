using System;
using System.Collections.Generic;
using System.Linq;
using PipelineSecurity.Build.Policy.Reports;

namespace PipelineSecurity.Build.CodeScanning;

/// <summary>The build codes as SARIF rules: the catalogue's descriptions with the tags code scanning groups them by.</summary>
public static class BuildRules
{
    /// <summary>Security weaknesses of the codes that are about security (CWE ids); the rest are policy or licence matters.</summary>
    private static readonly Dictionary<string, string[]> TagsById = new(StringComparer.Ordinal)
    {
        [BuildDiagnosticIds.PolicyPackageDenied] = new[] { "security", "supply-chain", "external/cwe/cwe-1104" },
        [BuildDiagnosticIds.PolicyVulnerablePackage] = new[] { "security", "supply-chain", "external/cwe/cwe-1395" },
        [BuildDiagnosticIds.PolicyAnalyzerFinding] = new[] { "security", "policy" },
        [BuildDiagnosticIds.PolicyLicenseNotAllowed] = new[] { "licence", "policy" },
        [BuildDiagnosticIds.PolicyLicenseUnknown] = new[] { "licence", "policy" },
    };

    public static IReadOnlyList<CodeScanningRule> All { get; } = PolicyDiagnosticCatalog.Rules
        .Select(r => new CodeScanningRule(r.Id, r.Name, r.Description, r.Description, BuildDiagnosticIds.HelpLink(r.Id))
        {
            Tags = TagsById.TryGetValue(r.Id, out var tags) ? tags : new[] { "policy" },
        })
        .ToArray();
}
