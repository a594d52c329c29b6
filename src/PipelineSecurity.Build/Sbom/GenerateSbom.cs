using System;
using System.Linq;
using System.Reflection;
using Microsoft.Build.Framework;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Restore;

namespace PipelineSecurity.Build.Sbom;

/// <summary>MSBuild task: writes the CycloneDX SBOM of a project from its project.assets.json and the package cache.</summary>
public sealed class GenerateSbom : PipelineSecurityTask
{
    [Required]
    public string AssetsFile { get; set; } = "";

    [Required]
    public string OutputFile { get; set; } = "";

    /// <summary>$(PackageId): the project's name in the SBOM and its purl.</summary>
    public string ProjectName { get; set; } = "";

    /// <summary>$(PackageVersion), which defaults to $(Version).</summary>
    public string ProjectVersion { get; set; } = "";

    /// <summary>$(OutputType): Exe and WinExe make the project an application, anything else a library.</summary>
    public string OutputType { get; set; } = "";

    /// <summary>Package folders to search instead of the assets file's own (for tests and unusual caches).</summary>
    public string[] PackageFolders { get; set; } = Array.Empty<string>();

    public bool Deterministic { get; set; }

    /// <summary>Hash the cached nupkg files rather than trust the hash restore recorded (PipelineSecuritySbomHashPackages).</summary>
    public bool HashPackageFiles { get; set; }

    protected override void ExecuteCore()
    {
        var graph = RestoreCache.Graph(BuildEngine, AssetsFile);
        var request = new SbomRequest
        {
            ProjectName = ProjectName,
            ProjectVersion = ProjectVersion,
            ProjectType = OutputType.Equals("Exe", StringComparison.OrdinalIgnoreCase) || OutputType.Equals("WinExe", StringComparison.OrdinalIgnoreCase) ? "application" : "library",
            PackageFolders = PackageFolders.Where(f => !string.IsNullOrWhiteSpace(f)).ToArray(),
            ToolVersion = ToolVersion(),
            Deterministic = Deterministic,
            HashPackageFiles = HashPackageFiles,
        };

        var facts = RestoreCache.Facts(BuildEngine);
        CycloneDxBom bom;
        try
        {
            bom = SbomBuilder.Build(graph, request, facts);
        }
        catch (BuildDiagnosticException damage)
        {
            // Logged by the base class; later tasks of the build (the policy gate) do not log the same damage again.
            facts.ShouldReport(damage);
            throw;
        }

        var changed = Infrastructure.OutputFile.WriteIfChanged(OutputFile, CycloneDxSerializer.Serialize(bom));
        Log.LogMessage(
            MessageImportance.Low,
            changed ? "PipelineSecurity: wrote the SBOM of {0} components to {1}" : "PipelineSecurity: the SBOM {1} is unchanged ({0} components)",
            bom.Components.Count,
            OutputFile);
    }

    private static string ToolVersion()
    {
        var version = typeof(GenerateSbom).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var plus = version.IndexOf('+');
        return plus < 0 ? version : version.Substring(0, plus);
    }
}
