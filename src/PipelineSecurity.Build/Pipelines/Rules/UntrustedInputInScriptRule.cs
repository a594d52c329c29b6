using System;
using PipelineSecurity.Build.Pipelines.Expressions;
using PipelineSecurity.Build.Pipelines.Rules.Azure;
using PipelineSecurity.Build.Pipelines.Rules.GitHub;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules;

/// <summary>
/// PSF7002. An expression whose value an outsider controls is pasted into a script's text before the script runs:
/// GitHub <c>${{ … }}</c> in <c>run:</c>, in <c>actions/github-script</c>'s <c>script:</c> or in an input another
/// well-known action runs as code (<c>mikefarah/yq</c>'s <c>cmd</c>, <c>azure/cli</c>'s <c>inlineScript</c>…); Azure Pipelines
/// <c>$(Build.SourceVersionMessage)</c> / <c>$(System.PullRequest.SourceBranch)</c> macros in script steps.
/// </summary>
internal sealed class UntrustedInputInScriptRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineUntrustedInputInScript);

    private static readonly string[] AzureUntrustedMacros =
    {
        "Build.SourceVersionMessage", "System.PullRequest.SourceBranch", "System.PullRequest.SourceBranchName",
        "Build.SourceVersionAuthor", "System.PullRequest.SourceRepositoryURI",
    };

    // Actions that run an input as code (a shell command, a script, a JavaScript or template expression), as GitHub's
    // CodeQL models list them (code-injection sinks) and as their documentation describes.
    private static readonly (string Action, string[] Inputs)[] ActionsRunningInputs =
    {
        ("8398a7/action-slack", new[] { "custom_payload" }),
        ("addnab/docker-run-action", new[] { "run", "options" }),
        ("amadevus/pwsh-script", new[] { "script" }),
        ("appleboy/ssh-action", new[] { "script" }),
        ("azure/cli", new[] { "inlineScript" }),
        ("azure/powershell", new[] { "inlineScript" }),
        ("cardinalby/js-eval-action", new[] { "expression" }),
        ("devorbitus/yq-action-output", new[] { "cmd" }),
        ("gautamkrishnar/blog-post-workflow", new[] { "item_exec" }),
        ("imjohnbo/issue-bot", new[] { "body", "linked-comments-previous-issue-text", "linked-comments-new-issue-text" }),
        ("jannekem/run-python-script-action", new[] { "script" }),
        ("lucasbento/auto-close-issues", new[] { "issue-close-message" }),
        ("mikefarah/yq", new[] { "cmd" }),
        ("roots/issue-closer-action", new[] { "issue-close-message", "pr-close-message" }),
        ("sergeysova/jq-action", new[] { "cmd" }),
        ("skitionek/notify-microsoft-teams", new[] { "overwrite" }),
        ("tibdex/backport", new[] { "body_template", "head_template", "labels_template", "title_template" }),
    };

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        if (file.Kind == PipelineFileKind.AzurePipeline)
        {
            CheckAzure(file, context);
            return;
        }

        foreach (var step in GitHubWorkflow.Steps(file))
        {
            if (step.Run is { } run)
            {
                CheckSink(file, context, step, run, "run: script", "an env: entry and use it as \"$NAME\"");
            }

            if (step.UsesAction("actions/github-script") && step.With?.GetScalar("script") is { } script)
            {
                CheckSink(file, context, step, script, "github-script code", "an env: entry and read it with process.env.NAME");
            }
            else if (step.With is { } with && CodeInputs(step) is { } inputs)
            {
                // Input names are case-insensitive, as the runner reads them.
                foreach (var entry in with.Entries)
                {
                    if (entry.Value is YamlScalar code && Array.Exists(inputs, input => input.Equals(entry.Key.Value, StringComparison.OrdinalIgnoreCase)))
                    {
                        CheckSink(file, context, step, code, $"'{entry.Key.Value}' input of {GitHubWorkflow.Repository(step.Uses)}, which runs it as code", "an env: entry and read it from the environment in that code");
                    }
                }
            }
        }
    }

    private static string[]? CodeInputs(GitHubStep step)
    {
        foreach (var (action, inputs) in ActionsRunningInputs)
        {
            if (step.UsesAction(action))
            {
                return inputs;
            }
        }

        return null;
    }

    private static void CheckSink(PipelineFile file, PipelineCheckContext context, GitHubStep step, YamlScalar sink, string where, string fix)
    {
        foreach (var expression in TemplateExpressions.Find(sink.Value))
        {
            if (expression.Parsed is null)
            {
                continue;
            }

            foreach (var source in ExpressionFlow.ValueSources(expression.Parsed))
            {
                var reason = ExpressionTaint.Reason(source, file, context, step.Job, step.Node);
                if (reason is null)
                {
                    continue;
                }

                var (line, column) = file.Locate(sink, expression.Start);
                context.Report(
                    PipelineRuleCatalog.UntrustedInputInScript,
                    file,
                    line,
                    column,
                    $"'${{{{{expression.Body}}}}}' pastes {reason}, which an outsider can set to any text, into the {where}, where it runs as code: pass it through {fix}");
                break;
            }
        }
    }

    private static void CheckAzure(PipelineFile file, PipelineCheckContext context)
    {
        foreach (var step in AzurePipeline.Steps(file))
        {
            var script = AzurePipeline.InlineScript(step);
            if (script is null)
            {
                continue;
            }

            foreach (var macro in AzureUntrustedMacros)
            {
                var token = "$(" + macro + ")";
                var at = script.Value.IndexOf(token, StringComparison.OrdinalIgnoreCase);
                if (at < 0)
                {
                    continue;
                }

                var (line, column) = file.Locate(script, at);
                var envName = macro.ToUpperInvariant().Replace('.', '_');
                context.Report(
                    PipelineRuleCatalog.UntrustedInputInScript,
                    file,
                    line,
                    column,
                    $"'{token}' pastes text a pull-request or commit author chooses into the script, where it runs as code: read the environment variable {envName} instead (\"$" + envName + "\" in bash, $env:" + envName + " in PowerShell)");
            }
        }
    }
}
