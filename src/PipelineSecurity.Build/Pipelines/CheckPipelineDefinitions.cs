using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Build.Framework;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Pipelines;

/// <summary>
/// Checks the repository's CI definitions (GitHub Actions, Azure Pipelines) and deployment files once per solution
/// build: a thin task over <see cref="PipelineCheckRunner"/>. Findings are logged with their rule id, file(line,col)
/// and help link, at the severity .editorconfig gives them, and handed to the code-scanning SARIF as
/// <see cref="Findings"/> (the PipelineSecurityFinding items).
/// </summary>
public sealed class CheckPipelineDefinitions : PipelineSecurityTask
{
    [Required]
    public string ProjectFile { get; set; } = string.Empty;

    public string? TargetFramework { get; set; }

    public string? SolutionPath { get; set; }

    public string? RepositoryRoot { get; set; }

    [Required]
    public string StateDirectory { get; set; } = string.Empty;

    /// <summary>The policy file whose exceptions (rule, optional path, owner, expiry) excuse findings; empty: none.</summary>
    public string? PolicyFile { get; set; }

    /// <summary>The day exceptions are checked against, yyyy-MM-dd (PipelineSecurityPolicyToday); empty: today, UTC.</summary>
    public string? Today { get; set; }

    /// <summary>
    /// The findings this project reported (none when another project of the build reports the repository): item spec =
    /// rule id; metadata Message, File, Line, Column, Level (error|warning|note), Source, FingerprintText.
    /// </summary>
    [Output]
    public ITaskItem[] Findings { get; private set; } = Array.Empty<ITaskItem>();

    protected override void ExecuteCore()
    {
        var result = PipelineCheckRunner.Run(new PipelineCheckRequest
        {
            ProjectFile = ProjectFile,
            TargetFramework = TargetFramework,
            SolutionPath = SolutionPath,
            RepositoryRoot = RepositoryRoot,
            StateDirectory = StateDirectory,
        });

        switch (result.Outcome)
        {
            case PipelineCheckOutcome.NoRepository:
                Log.LogMessage(MessageImportance.Low, "PipelineSecurity: no repository root (.git or PipelineSecurityRepositoryRoot) above '{0}'; CI definitions not checked.", ProjectFile);
                return;
            case PipelineCheckOutcome.NotOwner:
                Log.LogMessage(MessageImportance.Low, "PipelineSecurity: another project of this solution reports the CI definitions of '{0}'.", result.RepositoryRoot);
                return;
        }

        Log.LogMessage(MessageImportance.Low, "PipelineSecurity: CI definitions of '{0}': {1} file(s), {2} finding(s) ({3}).", result.RepositoryRoot, result.FileCount, result.Findings.Count, result.Outcome);
        var excused = new List<string>();
        DateTime today;
        try
        {
            today = Policy.EnforcePipelineSecurityPolicy.ParseToday(Today).UtcDateTime;
        }
        catch (BuildDiagnosticException)
        {
            // The policy gate reports a malformed PipelineSecurityPolicyToday itself.
            today = DateTime.UtcNow;
        }

        var findings = PolicyExceptionsForFindings.Apply(result.Findings, result.RepositoryRoot!, PolicyFile, today, excused);
        foreach (var excuse in excused)
        {
            Log.LogMessage(MessageImportance.Normal, "PipelineSecurity: {0}", excuse);
        }

        var items = new List<ITaskItem>();
        foreach (var finding in findings)
        {
            var path = Path.Combine(result.RepositoryRoot!, finding.RelativePath.Replace('/', Path.DirectorySeparatorChar));
            var help = HelpLinks.For(finding.RuleId);
            if (Item(finding, path) is { } item)
            {
                items.Add(item);
            }

            // As the compiler does for analyzer findings: the console logger does not print an event's help link itself.
            var message = finding.Message + " (" + help + ")";
            switch (finding.Severity)
            {
                case PipelineSeverity.Error:
                    Log.LogError(null, finding.RuleId, null, help, path, finding.Line, finding.Column, 0, 0, message);
                    break;
                case PipelineSeverity.Warning:
                    Log.LogWarning(null, finding.RuleId, null, help, path, finding.Line, finding.Column, 0, 0, message);
                    break;
                case PipelineSeverity.Suggestion:
                    Log.LogMessage(null, finding.RuleId, help, path, finding.Line, finding.Column, 0, 0, MessageImportance.High, message);
                    break;
            }
        }

        Findings = items.ToArray();
    }

    private static ITaskItem? Item(PipelineFinding finding, string path)
    {
        var level = finding.Severity switch
        {
            PipelineSeverity.Error => "error",
            PipelineSeverity.Warning => "warning",
            PipelineSeverity.Suggestion => "note",
            _ => null,
        };
        if (level is null)
        {
            return null;
        }

        var item = new Microsoft.Build.Utilities.TaskItem(finding.RuleId);
        item.SetMetadata("Message", finding.Message);
        item.SetMetadata("File", path);
        item.SetMetadata("Line", finding.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
        item.SetMetadata("Column", finding.Column.ToString(System.Globalization.CultureInfo.InvariantCulture));
        item.SetMetadata("Level", level);
        // What identifies the finding apart from its line: its file and message (messages never hold a secret's value).
        item.SetMetadata("FingerprintText", finding.RelativePath + "|" + finding.Message);
        return item;
    }
}
