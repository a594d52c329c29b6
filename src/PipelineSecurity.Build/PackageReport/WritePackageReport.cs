using Microsoft.Build.Framework;
using System.Linq;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Restore;

namespace PipelineSecurity.Build.PackageReport;

/// <summary>MSBuild task: writes the restored-packages report of a project from its project.assets.json.</summary>
public sealed class WritePackageReport : PipelineSecurityTask
{
    [Required]
    public string AssetsFile { get; set; } = "";

    [Required]
    public string ProjectName { get; set; } = "";

    [Required]
    public string OutputFile { get; set; } = "";

    protected override void ExecuteCore()
    {
        var report = PackageReportBuilder.Build(ProjectName, RestoreCache.Graph(BuildEngine, AssetsFile));
        var changed = Infrastructure.OutputFile.WriteIfChanged(OutputFile, PackageReportSerializer.Serialize(report));
        var packageCount = 0;
        foreach (var target in report.Targets)
        {
            packageCount += target.Packages.Count();
        }

        Log.LogMessage(
            MessageImportance.Low,
            changed ? "PipelineSecurity: wrote the package report of {0} packages to {1}" : "PipelineSecurity: the package report {1} is unchanged ({0} packages)",
            packageCount,
            OutputFile);
    }
}
