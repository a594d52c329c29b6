using System;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>
/// PSF7010. A job on a <c>self-hosted</c> runner in a workflow that forks' pull requests or outsiders' comments trigger:
/// the contributor's code runs on a machine that outlives the job (and often sits inside the network).
/// </summary>
internal sealed class SelfHostedRunnerRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineSelfHostedRunner);

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        if (file.Kind != PipelineFileKind.GitHubWorkflow || file.Root is not { } root)
        {
            return;
        }

        string? trigger = null;
        foreach (var (name, _) in GitHubWorkflow.Triggers(root))
        {
            if (Array.IndexOf(GitHubWorkflow.ForkTriggers, name) >= 0)
            {
                trigger = name;
                break;
            }
        }

        if (trigger is null)
        {
            return;
        }

        foreach (var (id, _, job) in GitHubWorkflow.Jobs(root))
        {
            var runsOn = job.Get("runs-on");
            var labels = runsOn is YamlMapping group ? group.Get("labels") : runsOn;
            if (HasSelfHostedLabel(labels) is { } node)
            {
                context.Report(
                    PipelineRuleCatalog.SelfHostedRunner,
                    file,
                    node,
                    $"Job '{id}' runs on a self-hosted runner in a workflow that '{trigger}' starts, so a fork's code or an outsider's input runs on a machine that outlives the job: use a GitHub-hosted or ephemeral isolated runner for these events, or require approval for outside contributors");
            }
        }
    }

    private static YamlNode? HasSelfHostedLabel(YamlNode? labels)
    {
        switch (labels)
        {
            case YamlScalar scalar when string.Equals(scalar.Value.Trim(), "self-hosted", StringComparison.OrdinalIgnoreCase):
                return scalar;
            case YamlSequence sequence:
                foreach (var item in sequence.Items)
                {
                    if (item.Resolve() is YamlScalar label && string.Equals(label.Value.Trim(), "self-hosted", StringComparison.OrdinalIgnoreCase))
                    {
                        return label;
                    }
                }

                break;
        }

        return null;
    }
}
