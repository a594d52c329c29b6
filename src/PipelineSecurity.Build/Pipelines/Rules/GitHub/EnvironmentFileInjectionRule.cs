using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using PipelineSecurity.Build.Pipelines.Expressions;
using PipelineSecurity.Build.Pipelines.Shell;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>
/// PSF7013. A workflow outsiders start in the base repository's context (<c>pull_request_target</c>,
/// <c>workflow_run</c>, <c>issue_comment</c>…) appends text they control to <c>$GITHUB_ENV</c> or <c>$GITHUB_PATH</c>.
/// A newline in that text defines any variable for the job's later steps (<c>NODE_OPTIONS</c>, <c>LD_PRELOAD</c>,
/// <c>BASH_ENV</c>), and a path puts the attacker's programs first: their code then runs with the job's secrets.
/// The text is followed through the step's <c>env:</c>, the script's own variables, and files of the pull request or
/// of a downloaded artifact. <c>${{ … }}</c> pasted into the script is PSF7002's finding and not repeated here.
/// </summary>
internal sealed class EnvironmentFileInjectionRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineEnvironmentFileInjection);

    // $NAME, ${NAME}, and PowerShell's $env:NAME.
    private static readonly Regex Variable = new(@"\$(?:env:(?<name>[A-Za-z_][A-Za-z0-9_]*)|\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|(?<name>[A-Za-z_][A-Za-z0-9_]*))", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));

    // Variables the runner sets from the event: on pull_request_target the head branch is the fork author's choice.
    private static readonly Dictionary<string, string> EventVariables = new(StringComparer.Ordinal)
    {
        ["GITHUB_HEAD_REF"] = "the pull request's branch name ($GITHUB_HEAD_REF)",
    };

    // Commands that print a file's content (into a $(…) substitution, or as the written text itself).
    private static readonly HashSet<string> FileReaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "cat", "head", "tail", "jq", "yq", "cut", "grep", "sed", "awk", "tr", "xargs", "get-content", "gc", "type",
    };

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        if (file.Kind != PipelineFileKind.GitHubWorkflow || file.Root is not { } root)
        {
            return;
        }

        var events = GitHubWorkflow.OutsiderTriggers(root).Select(t => t.Event).ToList();
        if (events.Count == 0)
        {
            return;
        }

        var artifactsUntrusted = events.Contains("workflow_run");
        foreach (var (id, _, job) in GitHubWorkflow.Jobs(root))
        {
            if (PullRequestHeadCheckout.GuardedAgainstForks(job) || AuthorAssociationGuard.Requires(job, events))
            {
                continue;
            }

            string? untrustedFiles = null;
            foreach (var step in GitHubWorkflow.JobSteps(job, id))
            {
                if (step.Run is { } run && !AuthorAssociationGuard.Requires(step.Node, events))
                {
                    CheckScript(file, context, step, run, untrustedFiles);
                }

                untrustedFiles ??= PullRequestHeadCheckout.FetchesUntrustedCode(root, job, step) is not null
                    ? "a file of the pull request's code"
                    : artifactsUntrusted && DownloadsArtifacts(step) ? "a file of an artifact the triggering run uploaded" : null;
            }
        }
    }

    private static void CheckScript(PipelineFile file, PipelineCheckContext context, GitHubStep step, YamlScalar run, string? untrustedFiles)
    {
        var script = ShellScript.Parse(run.Value);
        var tainted = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pipeline in script.Pipelines)
        {
            foreach (var command in pipeline.Commands)
            {
                Assign(command, tainted, file, context, step, untrustedFiles);
                Validate(command, tainted);
            }

            var target = Target(pipeline);
            if (target is null)
            {
                continue;
            }

            var reason = WrittenTaint(pipeline, tainted, file, context, step, untrustedFiles);
            if (reason is null)
            {
                continue;
            }

            var (line, column) = file.Locate(run, target.Value.Word.Start);
            var consequence = target.Value.Path
                ? "puts a directory they choose first on PATH for the job's later steps, whose commands then run their programs"
                : "lets a newline in it define any variable for the job's later steps (NODE_OPTIONS, LD_PRELOAD, BASH_ENV…), which then run their code";
            context.Report(
                PipelineRuleCatalog.EnvironmentFileInjection,
                file,
                line,
                column,
                $"This step writes {reason}, which an outsider controls, to {(target.Value.Path ? "$GITHUB_PATH" : "$GITHUB_ENV")}: that {consequence} with the workflow's secrets. Check the value against a strict pattern first (e.g. digits only for a pull request number), or pass it on as a step output");
        }
    }

    // NAME=value (also after export/declare/local): NAME carries the taint of value.
    private static void Assign(ShellCommand command, Dictionary<string, string?> tainted, PipelineFile file, PipelineCheckContext context, GitHubStep step, string? untrustedFiles)
    {
        var words = command.Words;
        var first = words.Count > 1 && words[0].Text is "export" or "declare" or "local" or "readonly" ? 1 : 0;
        for (var i = first; i < words.Count; i++)
        {
            var text = words[i].Text;
            var equals = text.IndexOf('=');
            if (equals <= 0 || !IsName(text.Substring(0, equals)))
            {
                break;
            }

            var name = text.Substring(0, equals);
            var reason = WordTaint(words[i], text.Substring(equals + 1), tainted, file, context, step, untrustedFiles);
            tainted[name] = reason;
        }
    }

    // [[ $NAME =~ ^[0-9]+$ ]]: a script that matches the value against a pattern (and stops otherwise) has checked it.
    // Recorded as a null reason, which hides the variable's other sources from then on.
    private static void Validate(ShellCommand command, Dictionary<string, string?> tainted)
    {
        var words = command.Words;
        for (var i = 1; i + 1 < words.Count; i++)
        {
            if (words[i].Text == "=~" && Variable.Match(words[i - 1].Text) is { Success: true } match && match.Length == words[i - 1].Text.Length)
            {
                tainted[match.Groups["name"].Value] = null;
            }
        }
    }

    private static (ShellWord Word, bool Path)? Target(ShellPipeline pipeline)
    {
        foreach (var command in pipeline.Commands)
        {
            var words = command.Words;
            var program = CommandNames.Program(command);
            for (var i = 0; i < words.Count; i++)
            {
                var text = words[i].Text;
                string? file = null;
                if (text is ">>" or ">" && i + 1 < words.Count)
                {
                    file = words[i + 1].Text;
                }
                else if (text.StartsWith(">>", StringComparison.Ordinal))
                {
                    file = text.Substring(2);
                }
                else if (i > 0 && program is "tee" or "out-file" or "add-content" or "set-content" or "ac")
                {
                    file = text;
                }

                if (file is not null && EnvironmentFile(file) is { } path)
                {
                    return (words[i], path);
                }
            }
        }

        return null;
    }

    // $GITHUB_ENV, ${GITHUB_ENV}, $env:GITHUB_ENV (PowerShell); true for GITHUB_PATH.
    private static bool? EnvironmentFile(string word)
    {
        var name = word.TrimStart('-').Replace("{", string.Empty).Replace("}", string.Empty);
        if (name.StartsWith("FilePath", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Path", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return name.Equals("$GITHUB_ENV", StringComparison.Ordinal) || name.Equals("$env:GITHUB_ENV", StringComparison.OrdinalIgnoreCase) ? false
            : name.Equals("$GITHUB_PATH", StringComparison.Ordinal) || name.Equals("$env:GITHUB_PATH", StringComparison.OrdinalIgnoreCase) ? true
            : null;
    }

    // The text the pipeline writes: every word but the target's, and the output of a file reader feeding it.
    private static string? WrittenTaint(ShellPipeline pipeline, Dictionary<string, string?> tainted, PipelineFile file, PipelineCheckContext context, GitHubStep step, string? untrustedFiles)
    {
        foreach (var command in pipeline.Commands)
        {
            var program = CommandNames.Program(command);
            if (untrustedFiles is not null && FileReaders.Contains(program) && command.Words.Count > 1)
            {
                return untrustedFiles;
            }

            foreach (var word in command.Words)
            {
                if (EnvironmentFile(word.Text) is not null || word.Text is ">>" or ">")
                {
                    continue;
                }

                if (WordTaint(word, word.Text, tainted, file, context, step, untrustedFiles) is { } reason)
                {
                    return reason;
                }
            }
        }

        return null;
    }

    private static string? WordTaint(ShellWord word, string text, Dictionary<string, string?> tainted, PipelineFile file, PipelineCheckContext context, GitHubStep step, string? untrustedFiles)
    {
        foreach (Match match in Variable.Matches(text))
        {
            var name = match.Groups["name"].Value;
            if (tainted.TryGetValue(name, out var local))
            {
                if (local is null)
                {
                    continue;
                }

                return local;
            }

            if (EventVariables.TryGetValue(name, out var fromEvent))
            {
                return fromEvent;
            }

            if (ExpressionTaint.Reason(AccessPath.Parse("env." + name), file, context, step.Job, step.Node) is { } fromEnv)
            {
                return fromEnv;
            }
        }

        if (untrustedFiles is not null && text.IndexOf("$(<", StringComparison.Ordinal) >= 0)
        {
            return untrustedFiles;
        }

        foreach (var substitution in word.Substitutions)
        {
            foreach (var inner in substitution.AllCommands())
            {
                if (untrustedFiles is not null && FileReaders.Contains(CommandNames.Program(inner)) && inner.Words.Count > 1)
                {
                    return untrustedFiles;
                }
            }
        }

        return null;
    }

    private static bool DownloadsArtifacts(GitHubStep step) =>
        step.UsesAction("actions/download-artifact") || step.UsesAction("dawidd6/action-download-artifact")
        || (step.UsesAction("actions/github-script") && (step.With?.GetString("script")?.IndexOf("downloadArtifact", StringComparison.Ordinal) ?? -1) >= 0)
        || (step.Run?.Value.IndexOf("gh run download", StringComparison.Ordinal) ?? -1) >= 0;

    private static bool IsName(string text)
    {
        if (text.Length == 0 || !(char.IsLetter(text[0]) || text[0] == '_'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
