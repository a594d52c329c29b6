using System;
using PipelineSecurity.Build.Pipelines.Expressions;
using PipelineSecurity.Build.Pipelines.Rules.Azure;
using PipelineSecurity.Build.Pipelines.Rules.GitHub;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules;

/// <summary>
/// PSF7002. An expression whose value an outsider controls is pasted into a script's text before the script runs:
/// GitHub <c>${{ … }}</c> in <c>run:</c> or in <c>actions/github-script</c>'s <c>script:</c>; Azure Pipelines
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
        }
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
