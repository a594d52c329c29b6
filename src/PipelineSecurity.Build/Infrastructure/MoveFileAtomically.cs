using System.IO;
using Microsoft.Build.Framework;

namespace PipelineSecurity.Build.Infrastructure;

/// <summary>
/// MSBuild task: renames <see cref="Source"/> over <see cref="Destination"/> in one step, so a reader of the destination
/// sees the old file or the new one, never a missing or half-written one (MSBuild's Move deletes first, its Copy rewrites
/// in place). Used to publish the compiler's error log that this build wrote under a name of its own: two builds of one
/// project compiling at once each write their own log and never a shared one. A missing source is left alone.
/// </summary>
public sealed class MoveFileAtomically : PipelineSecurityTask
{
    [Required]
    public string Source { get; set; } = "";

    [Required]
    public string Destination { get; set; } = "";

    protected override void ExecuteCore()
    {
        if (FileSystemEntry.Of(Source) != FileSystemEntryType.RegularFile)
        {
            return;
        }

        try
        {
#if NET
            File.Move(Source, Destination, overwrite: true);
#else
            if (File.Exists(Destination))
            {
                File.Replace(Source, Destination, destinationBackupFileName: null);
            }
            else
            {
                File.Move(Source, Destination);
            }
#endif
        }
        catch (System.Exception failure) when (failure is IOException or System.UnauthorizedAccessException)
        {
            throw BuildDiagnostics.OutputNotWritten.Failure(failure, Destination, Destination, failure.Message);
        }
    }
}
