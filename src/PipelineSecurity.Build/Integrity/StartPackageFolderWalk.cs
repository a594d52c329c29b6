using System.Threading.Tasks;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Integrity.NoOp;

namespace PipelineSecurity.Build.Integrity;

/// <summary>
/// MSBuild task, run as the project's build begins: starts reading the project's snapshot and taking, in the background,
/// the stamps of the package folders that the project's last integrity check watched
/// (<see cref="IntegritySnapshot.Folders"/>; from their listings when those give the recorded digests, by walking
/// otherwise), and returns at once. That is most of what a no-op build's check costs; begun here, it overlaps with the
/// targets that run before the check (<see cref="VerifyPackageIntegrity"/>), which then takes the stamps from this
/// build's <see cref="IntegrityMemo"/>. It concludes nothing itself: a folder it did not reach is stamped by the check.
/// </summary>
public sealed class StartPackageFolderWalk : PipelineSecurityTask
{
    /// <summary>The project's integrity snapshot (as <see cref="VerifyPackageIntegrity.SnapshotFile"/>).</summary>
    public string SnapshotFile { get; set; } = "";

    /// <summary>The verdict store, where the package folders' listings are kept (as <see cref="VerifyPackageIntegrity.VerdictStore"/>).</summary>
    public string VerdictStore { get; set; } = "";

    /// <summary>The walk started (tests wait on it); a build never does.</summary>
    internal Task Walk { get; private set; } = Task.CompletedTask;

    protected override void ExecuteCore()
    {
        if (!string.IsNullOrWhiteSpace(SnapshotFile) && IntegrityMemo.ForBuild(BuildEngine) is { } memo)
        {
            Walk = memo.StartWalking(SnapshotFile, new PackageFolderListings(VerdictStore));
        }
    }
}
