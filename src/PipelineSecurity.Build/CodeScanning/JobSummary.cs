using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.CodeScanning;

/// <summary>Which CI runs the build, from the variables the runners set; none outside CI.</summary>
internal enum CiSystem
{
    None,
    GitHubActions,
    AzurePipelines,
}

/// <summary>
/// A short Markdown summary per project for the CI run's page: counts by source and level, the open failures with
/// links to their rule pages, and where the SARIF file and the SBOM were written. GitHub Actions: appended to
/// <c>$GITHUB_STEP_SUMMARY</c> in one write under a cross-process lock (parallel projects never interleave). Azure
/// Pipelines: written to a file the build names and attached with <c>##vso[task.uploadsummary]</c>. Outside CI nothing
/// is written.
/// </summary>
internal static class JobSummary
{
    private const int MaxListed = 20;

    public static CiSystem Detect(IReadOnlyDictionary<string, string?> environment)
    {
        if (string.Equals(Get(environment, "GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(Get(environment, "GITHUB_STEP_SUMMARY")))
        {
            return CiSystem.GitHubActions;
        }

        return string.Equals(Get(environment, "TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase) ? CiSystem.AzurePipelines : CiSystem.None;
    }

    public static string Markdown(string title, IReadOnlyList<ScanFinding> findings, SourceRoot root, IReadOnlyList<(string What, string Path)> outputs)
    {
        var text = new StringBuilder();
        text.Append("### PipelineSecurity: ").Append(Escape(title)).Append("\n\n");
        var open = findings.Where(f => !f.Suppressed).ToArray();
        if (findings.Count == 0)
        {
            text.Append("No findings.\n\n");
        }
        else
        {
            text.Append("| source | errors | warnings | notes | suppressed |\n| --- | ---: | ---: | ---: | ---: |\n");
            foreach (var group in findings.GroupBy(f => f.Source).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                text.Append("| ").Append(group.Key)
                    .Append(" | ").Append(group.Count(f => !f.Suppressed && f.Level == FindingLevel.Error))
                    .Append(" | ").Append(group.Count(f => !f.Suppressed && f.Level == FindingLevel.Warning))
                    .Append(" | ").Append(group.Count(f => !f.Suppressed && f.Level == FindingLevel.Note))
                    .Append(" | ").Append(group.Count(f => f.Suppressed))
                    .Append(" |\n");
            }

            var suppressed = findings.Where(f => f.Suppressed).GroupBy(f => f.Suppression!.Source).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
            if (suppressed.Length > 0)
            {
                text.Append("\nSuppressed: ").Append(string.Join(", ", suppressed.Select(g => $"{g.Count()} by {g.Key}"))).Append(".\n");
            }

            var failures = open.Where(f => f.Level != FindingLevel.Note)
                .OrderByDescending(f => f.Level).ThenBy(f => root.Relative(f.File) ?? "", StringComparer.Ordinal).ThenBy(f => f.StartLine)
                .ToArray();
            if (failures.Length > 0)
            {
                text.Append('\n');
                foreach (var finding in failures.Take(MaxListed))
                {
                    var where = root.Relative(finding.File) is { } path ? $" `{path}{(finding.StartLine > 0 ? ":" + finding.StartLine : "")}`" : "";
                    text.Append("- ").Append(finding.Level == FindingLevel.Error ? "**error**" : "warning")
                        .Append(" [").Append(finding.RuleId).Append("](").Append(HelpLinks.For(finding.RuleId)).Append(')')
                        .Append(finding.PolicyCode is null ? "" : $" ([{finding.PolicyCode}]({HelpLinks.For(finding.PolicyCode)}))")
                        .Append(where).Append(": ").Append(Escape(Shorten(finding.Message))).Append('\n');
                }

                if (failures.Length > MaxListed)
                {
                    text.Append("- … and ").Append(failures.Length - MaxListed).Append(" more in the SARIF file.\n");
                }
            }
        }

        if (outputs.Count > 0)
        {
            text.Append('\n').Append(string.Join(" · ", outputs.Select(o => $"{o.What}: `{root.Relative(o.Path)}`"))).Append('\n');
        }

        return text.Append('\n').ToString();
    }

    /// <summary>Appends the whole summary in one write, holding the summary file's lock.</summary>
    public static void AppendToGitHubSummary(string summaryFile, string markdown)
    {
        try
        {
            using var gate = CrossProcessLock.Acquire(summaryFile, TimeSpan.FromSeconds(60));
            var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(markdown);
            using var stream = new FileStream(summaryFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            stream.Write(bytes, 0, bytes.Length);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw BuildDiagnostics.OutputNotWritten.Failure(failure, summaryFile, summaryFile + " (GITHUB_STEP_SUMMARY, the job summary)", failure.Message);
        }
    }

    /// <summary>The Azure Pipelines logging command that attaches a Markdown file to the run's summary.</summary>
    public static string AzureUploadCommand(string markdownFile) => "##vso[task.uploadsummary]" + Path.GetFullPath(markdownFile);

    private static string? Get(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) ? value : null;

    private static string Shorten(string text) => text.Length <= 200 ? text : text.Substring(0, 197) + "...";

    /// <summary>Keeps a message from breaking the Markdown list or table (no HTML, no newlines, no pipes).</summary>
    private static string Escape(string text) =>
        text.Replace("\r", " ").Replace("\n", " ").Replace("|", "\\|").Replace("<", "&lt;").Replace(">", "&gt;");
}
