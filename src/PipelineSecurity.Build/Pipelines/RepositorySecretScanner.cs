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
        var findings = new List<SecretFinding>();
        ConfigurationFileScanner.Scan(file.Text, SecretScanOptions.Default, findings);
        foreach (var finding in findings)
        {
            var (line, column) = file.Position(finding.Start);
            var (rule, message) = finding.Kind switch
            {
                SecretKind.PrivateKey => (PipelineRuleCatalog.PrivateKey, $"Private key hard-coded here ({finding.Description}, {finding.Redacted}): revoke the key, remove it, and mount it at run time from a secret store"),
                SecretKind.ProviderToken => (PipelineRuleCatalog.ProviderToken, $"{finding.Description} hard-coded here ({finding.Redacted}): revoke it at the provider, remove it, and pass it at run time from the CI system's secret store"),
                SecretKind.ConnectionStringPassword => (PipelineRuleCatalog.ConnectionStringPassword, $"Connection string password hard-coded here ({finding.Description}, {finding.Redacted}): rotate it, and pass the connection string at run time from a secret store"),
                SecretKind.UrlCredential => (PipelineRuleCatalog.CredentialsInUrl, $"Password hard-coded in a URL here ({finding.Description}, {finding.Redacted}): rotate it, remove the user-info part, and pass credentials at run time"),
                _ => (PipelineRuleCatalog.GenericSecret, $"'{finding.Description}' receives a hard-coded value that looks like a secret ({finding.Redacted}): remove it, and pass it at run time from the CI system's secret store"),
            };
            context.Report(rule, file, line, column, message);
        }
    }
}
