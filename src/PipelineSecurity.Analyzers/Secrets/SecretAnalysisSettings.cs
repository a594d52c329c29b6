using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PipelineSecurity.Analyzers.Infrastructure;
using PipelineSecurity.Analyzers.Secrets.Detection;

namespace PipelineSecurity.Analyzers.Secrets;

/// <summary>Reads the secret rules' .editorconfig options for one file, and turns findings into diagnostics.</summary>
internal static class SecretAnalysisSettings
{
    public static SecretScanOptions Read(AnalyzerConfigOptions config)
    {
        var entropy = GenericSecretScorer.DefaultMinimumEntropy;
        if (config.TryGetValue(AnalyzerOptionKeys.GenericSecretMinimumEntropy, out var entropyText)
            && double.TryParse(entropyText.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            && parsed >= 0 && parsed <= 8)
        {
            entropy = parsed;
        }

        var hasWords = config.TryGetValue(AnalyzerOptionKeys.ExtraSecretWords, out var words);
        var hasAllowed = config.TryGetValue(AnalyzerOptionKeys.AllowedSecretValues, out var allowed);
        if (!hasWords && !hasAllowed && entropy == GenericSecretScorer.DefaultMinimumEntropy)
        {
            return SecretScanOptions.Default;
        }

        return new SecretScanOptions(entropy, SplitList(words), SplitList(allowed));
    }

    /// <summary>The severity to report with in this project: the descriptor's, or the test-project override; null means do not report.</summary>
    public static DiagnosticSeverity? EffectiveSeverity(AnalyzerOptions options, DiagnosticDescriptor descriptor)
    {
        var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
        if (!global.TryGetValue(AnalyzerOptionKeys.IsTestProject, out var isTest) || !string.Equals(isTest.Trim(), "true", System.StringComparison.OrdinalIgnoreCase)
            || !global.TryGetValue(AnalyzerOptionKeys.TestProjectSeverity, out var severity))
        {
            return descriptor.DefaultSeverity;
        }

        return severity.Trim().ToLowerInvariant() switch
        {
            "error" => DiagnosticSeverity.Error,
            "warning" => DiagnosticSeverity.Warning,
            "suggestion" or "info" => DiagnosticSeverity.Info,
            "silent" or "hidden" => DiagnosticSeverity.Hidden,
            "none" => null,
            _ => descriptor.DefaultSeverity,
        };
    }

    public static DiagnosticDescriptor DescriptorFor(SecretKind kind) => kind switch
    {
        SecretKind.PrivateKey => DiagnosticDescriptors.PrivateKeyInLiteral,
        SecretKind.ProviderToken => DiagnosticDescriptors.ProviderToken,
        SecretKind.ConnectionStringPassword => DiagnosticDescriptors.ConnectionStringPassword,
        SecretKind.UrlCredential => DiagnosticDescriptors.CredentialsInUrl,
        _ => DiagnosticDescriptors.GenericSecret,
    };

    /// <summary>The diagnostic for a finding; its message holds the description and the redacted form only.</summary>
    public static Diagnostic? CreateDiagnostic(SecretFinding finding, Location location, AnalyzerOptions options)
    {
        var descriptor = DescriptorFor(finding.Kind);
        var severity = EffectiveSeverity(options, descriptor);
        if (severity is null)
        {
            return null;
        }

        return Diagnostic.Create(descriptor, location, severity.Value, additionalLocations: null, properties: null, finding.Description, finding.Redacted);
    }

    private static IReadOnlyCollection<string> SplitList(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return System.Array.Empty<string>();
        }

        var items = new List<string>();
        foreach (var part in text!.Split(','))
        {
            var item = part.Trim();
            if (item.Length > 0)
            {
                items.Add(item);
            }
        }

        return items;
    }
}
