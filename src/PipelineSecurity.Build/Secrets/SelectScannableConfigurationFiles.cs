using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Secrets;

/// <summary>
/// MSBuild task: of the configuration files the package would hand to the compiler for the secret scan, keeps those that
/// are readable regular text files (<see cref="TextFileSniffer"/>). The compiler hangs on a FIFO, fails with CS2001 on a
/// dangling link and with CS2015 on a binary file (an encrypted configuration): such a file is left out, and the build
/// says so once, at low importance.
/// </summary>
public sealed class SelectScannableConfigurationFiles : PipelineSecurityTask
{
    public ITaskItem[] Candidates { get; set; } = System.Array.Empty<ITaskItem>();

    [Output]
    public ITaskItem[] Files { get; private set; } = System.Array.Empty<ITaskItem>();

    protected override void ExecuteCore()
    {
        var kept = new List<ITaskItem>();
        var skipped = new List<string>();
        foreach (var candidate in Candidates)
        {
            var path = candidate.GetMetadata("FullPath");
            if (TextFileSniffer.WhyNotText(path) is { } reason)
            {
                skipped.Add($"{candidate.ItemSpec} ({reason})");
            }
            else
            {
                kept.Add(candidate);
            }
        }

        Files = kept.ToArray();
        if (skipped.Count > 0)
        {
            Log.LogMessage(
                MessageImportance.Low,
                "PipelineSecurity: {0} configuration file(s) not scanned for secrets, because the compiler cannot read them as text: {1}",
                skipped.Count,
                string.Join(", ", skipped.Take(20)) + (skipped.Count > 20 ? $" and {skipped.Count - 20} more" : ""));
        }
    }
}
