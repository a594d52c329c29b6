using System.Collections.Generic;
using PipelineSecurity.Analyzers.Secrets.Detection;

namespace PipelineSecurity.Build.Pipelines;

/// <summary>
/// Adapter to the analyzers' secret detectors (compiled into this assembly as linked sources): scans a repository file
/// and maps each finding to its PSF1xxx rule, its position and a message that shows only the redacted value.
/// </summary>
internal static class RepositorySecretScanner
{
    public static void Scan(PipelineFile file, PipelineCheckContext context)
    {
        // The file name picks the format (Dockerfile, YAML with Kubernetes Secret data, configuration).
        foreach (var finding in SecretDetection.ScanFile(file.Text, file.RelativePath))
        {
            var rule = PipelineRuleCatalog.Find(finding.RuleId) ?? PipelineRuleCatalog.GenericSecret;
            var message = rule.Id switch
            {
                "PSF1001" => $"Private key hard-coded here ({finding.Description}, {finding.Redacted}): revoke the key, remove it, and mount it at run time from a secret store",
                "PSF1002" => $"{finding.Description} hard-coded here ({finding.Redacted}): revoke it at the provider, remove it, and pass it at run time from the CI system's or the cluster's secret store",
                "PSF1003" => $"Connection string password hard-coded here ({finding.Description}, {finding.Redacted}): rotate it, and pass the connection string at run time from a secret store",
                "PSF1004" => $"Password hard-coded in a URL here ({finding.Description}, {finding.Redacted}): rotate it, remove the user-info part, and pass credentials at run time",
                _ => $"'{finding.Description}' receives a hard-coded value that looks like a secret ({finding.Redacted}): remove it, and pass it at run time from the CI system's or the cluster's secret store",
            };
            context.Report(rule, file, finding.Line, finding.Column, message);
        }
    }
}
