using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using PipelineSecurity.Analyzers.Infrastructure;

namespace PipelineSecurity.Analyzers.Configuration.Files;

/// <summary>
/// PSF2051–PSF2054, and PSF2003/PSF2005/PSF2006/PSF2043/PSF2046/PSF2049 where the setting lives in a configuration file:
/// web.config, app.config and other *.config files (<see cref="WebConfigRules"/>), and appsettings*.json
/// (<see cref="AppSettingsRules"/>), handed to the compiler as AdditionalFiles by the package (the same items the secret
/// rules read; <c>PipelineSecurityScan="false"</c> opts a file out). Findings point at the value's exact line and column.
/// Development-only files (<c>appsettings.Development.json</c>, <c>web.Debug.config</c>, names with <c>.Development.</c>,
/// <c>.Dev.</c>, <c>.Local.</c> or <c>.Debug.</c>, or items marked <c>PipelineSecurityDevelopmentOnly="true"</c>) are
/// reported as suggestions, not silenced. Files over <see cref="MaximumFileLength"/>, binary files and malformed files
/// never throw: the readers are linear and forgiving.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConfigurationFileAnalyzer : DiagnosticAnalyzer
{
    internal const int MaximumFileLength = 16 * 1024 * 1024;
    internal const int MaximumFindingsPerFile = 200;

    /// <summary>Item metadata on AdditionalFiles: true marks a configuration file used only in development.</summary>
    internal const string DevelopmentOnlyMetadata = "build_metadata.AdditionalFiles.PipelineSecurityDevelopmentOnly";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ErrorDetailsInConfigurationFile,
        DiagnosticDescriptors.CookieProtectionOffInConfigurationFile,
        DiagnosticDescriptors.RequestValidationOffInConfigurationFile,
        DiagnosticDescriptors.WeakMachineKeyAlgorithm,
        DiagnosticDescriptors.DeprecatedTlsProtocol,
        DiagnosticDescriptors.DatabaseConnectionNotEncrypted,
        DiagnosticDescriptors.MailOrFtpWithoutTls,
        DiagnosticDescriptors.TokenValidationDisabled,
        DiagnosticDescriptors.HttpsMetadataNotRequired,
        DiagnosticDescriptors.CleartextEndpoint);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterAdditionalFileAction(AnalyzeFile);
    }

    private enum Kind
    {
        None,
        Xml,
        Json,
    }

    private static void AnalyzeFile(AdditionalFileAnalysisContext context)
    {
        var file = context.AdditionalFile;
        var kind = KindOf(file.Path);
        if (kind == Kind.None)
        {
            return;
        }

        var config = context.Options.AnalyzerConfigOptionsProvider.GetOptions(file);
        if (config.TryGetValue(AnalyzerOptionKeys.AdditionalFileScanMetadata, out var scan) && scan.Trim().Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var sourceText = file.GetText(context.CancellationToken);
        if (sourceText is null || sourceText.Length == 0 || sourceText.Length > MaximumFileLength)
        {
            return;
        }

        var text = sourceText.ToString();
        if (AdditionalFileText.LooksBinary(text))
        {
            return;
        }

        var findings = new List<ConfigFinding>();
        if (kind == Kind.Xml)
        {
            XmlConfigReader.Read(text, element =>
            {
                if (findings.Count < MaximumFindingsPerFile)
                {
                    WebConfigRules.Check(element, findings);
                }
            });
        }
        else
        {
            JsonConfigReader.Read(text, value =>
            {
                if (findings.Count < MaximumFindingsPerFile)
                {
                    AppSettingsRules.Check(value, findings);
                }
            });
        }

        var development = IsDevelopmentOnly(file.Path, config);
        var debugRemovedOnRelease = kind == Kind.Xml && ReleaseTransformRemovesDebug(file.Path, context.Options.AdditionalFiles, context.CancellationToken);
        foreach (var finding in findings)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var developmentValue = development
                || (debugRemovedOnRelease && finding.Descriptor == DiagnosticDescriptors.ErrorDetailsInConfigurationFile
                    && finding.Arguments.Length > 0 && finding.Arguments[0] is "compilation debug=\"true\"");
            var span = new TextSpan(Math.Min(finding.Start, text.Length), Math.Max(0, Math.Min(finding.Length, text.Length - finding.Start)));
            var location = Location.Create(file.Path, span, sourceText.Lines.GetLinePositionSpan(span));
            var severity = developmentValue ? DiagnosticSeverity.Info : finding.Descriptor.DefaultSeverity;
            context.ReportDiagnostic(Diagnostic.Create(finding.Descriptor, location, severity, additionalLocations: null, properties: null, finding.Arguments));
        }
    }

    /// <summary>
    /// Whether a Web.Release.config next to this web.config removes the debug attribute (the Visual Studio template's
    /// <c>&lt;compilation xdt:Transform="RemoveAttributes(debug)" /&gt;</c>): debug="true" is then a development value.
    /// </summary>
    private static bool ReleaseTransformRemovesDebug(string path, ImmutableArray<AdditionalText> files, System.Threading.CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path) ?? "";
        var baseName = Path.GetFileNameWithoutExtension(path);
        foreach (var other in files)
        {
            var otherName = Path.GetFileName(other.Path);
            if (!otherName.Equals(baseName + ".Release.config", StringComparison.OrdinalIgnoreCase)
                || !string.Equals(Path.GetDirectoryName(other.Path) ?? "", directory, StringComparison.Ordinal))
            {
                continue;
            }

            var text = other.GetText(cancellationToken);
            if (text is not null && text.Length <= MaximumFileLength && text.ToString().IndexOf("RemoveAttributes(debug)", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static Kind KindOf(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.StartsWith("appsettings", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
        {
            return Kind.Json;
        }

        // web.config, app.config, MyApp.exe.config, web.Release.config; not the NuGet or package-manager files.
        return name.EndsWith(".config", StringComparison.Ordinal)
               && name is not ("nuget.config" or "packages.config" or "dotnet-tools.config")
            ? Kind.Xml
            : Kind.None;
    }

    internal static bool IsDevelopmentOnly(string path, AnalyzerConfigOptions config)
    {
        if (config.TryGetValue(DevelopmentOnlyMetadata, out var marked) && !string.IsNullOrWhiteSpace(marked))
        {
            return marked.Trim().Equals("true", StringComparison.OrdinalIgnoreCase);
        }

        var name = Path.GetFileName(path);
        foreach (var marker in new[] { ".Development.", ".Dev.", ".Local.", ".Debug." })
        {
            if (name.IndexOf(marker, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
