using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using PipelineSecurity.Analyzers.Infrastructure;
using PipelineSecurity.Analyzers.Secrets.Detection;

namespace PipelineSecurity.Analyzers.Secrets;

/// <summary>
/// PSF1001–PSF1005 in configuration files handed to the compiler as AdditionalFiles (the package adds appsettings*.json,
/// *.config, .env*, *.yml/*.yaml, *.xml, *.properties, *.ini and *.pubxml; a Dockerfile added by hand is read as one): each finding points at the exact line and column.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecretInConfigurationFileAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The default cap, in MiB of text; .editorconfig's pipeline_security.secrets.max_config_file_mb changes it (docs/limits.md).</summary>
    internal const int DefaultMaximumMegabytes = 16;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.PrivateKeyInLiteral,
        DiagnosticDescriptors.ProviderToken,
        DiagnosticDescriptors.ConnectionStringPassword,
        DiagnosticDescriptors.CredentialsInUrl,
        DiagnosticDescriptors.GenericSecret,
        DiagnosticDescriptors.ConfigurationFileNotScanned);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterAdditionalFileAction(AnalyzeFile);
    }

    private static void AnalyzeFile(AdditionalFileAnalysisContext context)
    {
        var file = context.AdditionalFile;
        var config = context.Options.AnalyzerConfigOptionsProvider.GetOptions(file);
        if (!ShouldScan(file.Path, config))
        {
            return;
        }

        var sourceText = file.GetText(context.CancellationToken);
        if (sourceText is null || sourceText.Length == 0)
        {
            return;
        }

        var maximumMegabytes = MaximumMegabytes(config);
        if (sourceText.Length > maximumMegabytes * 1024L * 1024L)
        {
            // Over the cap: not scanned, and said so (a secret at the end of a huge file must not pass in silence).
            var megabytes = (sourceText.Length / (1024.0 * 1024.0)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
            var suggested = (int)System.Math.Ceiling(sourceText.Length / (1024.0 * 1024.0));
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ConfigurationFileNotScanned,
                Location.Create(file.Path, default, default),
                Path.GetFileName(file.Path),
                megabytes,
                maximumMegabytes,
                AnalyzerOptionKeys.MaximumConfigurationFileSize,
                suggested));
            return;
        }

        var text = sourceText.ToString();
        if (AdditionalFileText.LooksBinary(text))
        {
            return;
        }

        var findings = new List<SecretFinding>();
        ConfigurationFileScanner.Scan(text, SecretDetection.KindOf(file.Path), SecretAnalysisSettings.Read(config), findings);
        foreach (var finding in findings)
        {
            var span = new TextSpan(finding.Start, finding.Length);
            var location = Location.Create(file.Path, span, sourceText.Lines.GetLinePositionSpan(span));
            var diagnostic = SecretAnalysisSettings.CreateDiagnostic(finding, location, context.Options);
            if (diagnostic is not null)
            {
                context.ReportDiagnostic(diagnostic);
            }
        }
    }

    private static int MaximumMegabytes(AnalyzerConfigOptions config) =>
        config.TryGetValue(AnalyzerOptionKeys.MaximumConfigurationFileSize, out var text)
        && int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
        && value > 0 && value <= 2047
            ? value
            : DefaultMaximumMegabytes;

    /// <summary>
    /// The package marks the files it adds with PipelineSecurityScan=true; a user sets it to false to opt a file out,
    /// or to true on any other AdditionalFiles item to opt it in. Unmarked files are scanned when their name is a known
    /// configuration kind (so files added by hand, or in projects that do not import the targets, are covered).
    /// </summary>
    internal static bool ShouldScan(string path, AnalyzerConfigOptions config)
    {
        if (config.TryGetValue(AnalyzerOptionKeys.AdditionalFileScanMetadata, out var marked) && !string.IsNullOrWhiteSpace(marked))
        {
            return string.Equals(marked.Trim(), "true", System.StringComparison.OrdinalIgnoreCase);
        }

        return IsConfigurationFileName(path);
    }

    /// <summary>The package's configuration files (<see cref="SecretDetection.IsConfigurationFile"/>), any <c>.env*</c> or <c>*.env</c> file and a Dockerfile.</summary>
    internal static bool IsConfigurationFileName(string path)
    {
        var name = Path.GetFileName(path);
        return SecretDetection.IsConfigurationFile(name) || name.StartsWith(".env", System.StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".env", System.StringComparison.OrdinalIgnoreCase) || SecretDetection.KindOf(name) == SecretFileKind.Dockerfile;
    }
}
