using System.IO;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Policy;

/// <summary>
/// MSBuild task, run when no policy file was found above the project: MSBuild's search (GetPathOfFileAbove) sees only
/// files, so a directory, a dangling link or another non-file named pipeline-security.json would switch the gate off
/// in silence. This walks the same folders and fails with PSF0010/PSF0011 at the first such entry.
/// </summary>
public sealed class LocatePipelineSecurityPolicy : PipelineSecurityTask
{
    public const string PolicyFileName = "pipeline-security.json";

    public string ProjectDirectory { get; set; } = "";

    protected override void ExecuteCore()
    {
        for (var folder = new DirectoryInfo(string.IsNullOrEmpty(ProjectDirectory) ? "." : ProjectDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, PolicyFileName);
            if (FileSystemEntry.Of(candidate) == FileSystemEntryType.Missing)
            {
                continue;
            }

            // A regular file (or a link to one) here would have been found; anything else is refused with its code.
            InputFile.CheckIsRegularFile(candidate, InputKind.PolicyFile);
            return;
        }
    }
}
