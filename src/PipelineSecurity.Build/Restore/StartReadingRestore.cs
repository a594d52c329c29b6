using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Build.Framework;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Restore;

/// <summary>
/// MSBuild task, run as the project's build begins: when a later target of this build will read the restore (one of
/// its outputs is missing, as after <c>Clean</c>, or older than project.assets.json), starts parsing the assets file,
/// and reading the packages' nuspecs when the gate or the SBOM will run, in the background
/// (<see cref="RestoreCache.StartReading"/>), and returns at once. The parse overlaps with the targets before
/// compilation instead of sitting on the path every referencing project waits on. It concludes nothing itself.
/// </summary>
public sealed class StartReadingRestore : PipelineSecurityTask
{
    public string AssetsFile { get; set; } = "";

    /// <summary>Outputs made from the restore graph alone (the package report).</summary>
    public ITaskItem[] GraphOutputs { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Outputs that also need the packages' nuspecs (the policy gate's done stamp, the SBOM).</summary>
    public ITaskItem[] PackageMetadataOutputs { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The read started (tests wait on it); a build never does.</summary>
    internal Task Reading { get; private set; } = Task.CompletedTask;

    protected override void ExecuteCore()
    {
        if (string.IsNullOrWhiteSpace(AssetsFile) || !File.Exists(AssetsFile))
        {
            return;
        }

        var restored = File.GetLastWriteTimeUtc(AssetsFile);
        bool WillRun(ITaskItem output)
        {
            var path = output.GetMetadata("FullPath");
            return !File.Exists(path) || File.GetLastWriteTimeUtc(path) < restored;
        }

        var metadataNeeded = PackageMetadataOutputs.Any(WillRun);
        if (metadataNeeded || GraphOutputs.Any(WillRun))
        {
            Reading = RestoreCache.StartReading(BuildEngine, AssetsFile, readPackageFacts: metadataNeeded);
        }
    }
}
