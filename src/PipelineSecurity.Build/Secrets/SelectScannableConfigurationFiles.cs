using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using PipelineSecurity.Analyzers.Secrets.Detection;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Secrets;

/// <summary>
/// MSBuild task: picks the configuration files the package hands to the compiler for the secret scan. Of the project's
/// files (<see cref="Candidates"/>: the SDK's None and Content items, listed once at evaluation) it keeps those named like
/// configuration files (<see cref="SecretDetection.IsConfigurationFile"/>) in the project's folder (not a package's
/// content files, not linked files from elsewhere), outside the output folders and node_modules;
/// the files the project asked for (<see cref="Requested"/>) are kept whatever their name. Of those, only readable
/// regular text files (<see cref="TextFileSniffer"/>) are passed on: the compiler hangs on a FIFO, fails with CS2001 on a
/// dangling link and with CS2015 on a binary file (an encrypted configuration). What is left out is said once, at low
/// importance.
/// </summary>
public sealed class SelectScannableConfigurationFiles : PipelineSecurityTask
{
    private static readonly string NodeModulesSegment = $"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}";

    // Paths as the file system compares them: Windows and macOS folders ignore case by default.
    private static readonly StringComparison PathComparison =
        Path.DirectorySeparatorChar == '\\' || System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.OSX)
            ? StringComparison.OrdinalIgnoreCase
            : StringComparison.Ordinal;

    /// <summary>The project's files; those named like configuration files are scanned.</summary>
    public ITaskItem[] Candidates { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Files to scan whatever their name (PipelineSecuritySecretScan items).</summary>
    public ITaskItem[] Requested { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The project's own AdditionalFiles: never added again (they keep their PipelineSecurityScan metadata).</summary>
    public ITaskItem[] AdditionalFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The project's folder: candidates elsewhere are not the project's own files.</summary>
    public string ProjectDirectory { get; set; } = "";

    /// <summary>Folders (the build's outputs) whose files are never candidates.</summary>
    public ITaskItem[] ExcludedFolders { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The files to hand to the compiler, as new items (the candidates' own metadata stays behind).</summary>
    [Output]
    public ITaskItem[] Files { get; private set; } = Array.Empty<ITaskItem>();

    protected override void ExecuteCore()
    {
        var projectFolder = WithSeparator(Path.GetFullPath(string.IsNullOrEmpty(ProjectDirectory) ? "." : ProjectDirectory));
        var excluded = ExcludedFolders.Select(folder => WithSeparator(folder.GetMetadata("FullPath"))).Where(folder => folder.Length > 1).ToList();
        // The name first: a web project's thousands of static files cost a string test each, not a full path.
        var selected = Candidates
            .Where(candidate => SecretDetection.IsConfigurationFile(candidate.ItemSpec) && IsInProject(candidate.GetMetadata("FullPath"), projectFolder, excluded))
            .Concat(Requested);
        var kept = new List<ITaskItem>();
        var skipped = new List<string>();
        var seen = new HashSet<string>(AdditionalFiles.Select(file => file.GetMetadata("FullPath")), StringComparer.Ordinal);
        foreach (var candidate in selected)
        {
            var path = candidate.GetMetadata("FullPath");
            if (!seen.Add(path))
            {
                continue;
            }

            if (TextFileSniffer.WhyNotText(path) is { } reason)
            {
                skipped.Add($"{candidate.ItemSpec} ({reason})");
            }
            else
            {
                // A new item from the escaped include, so that a '%' in a file name survives.
                kept.Add(new TaskItem(candidate is ITaskItem2 escaped ? escaped.EvaluatedIncludeEscaped : candidate.ItemSpec));
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

    private static bool IsInProject(string path, string projectFolder, List<string> excludedFolders) =>
        path.StartsWith(projectFolder, PathComparison)
        && !excludedFolders.Any(folder => path.StartsWith(folder, PathComparison))
        && path.IndexOf(NodeModulesSegment, projectFolder.Length - 1, PathComparison) < 0;

    private static string WithSeparator(string folder) =>
        folder.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? folder : folder + Path.DirectorySeparatorChar;
}
