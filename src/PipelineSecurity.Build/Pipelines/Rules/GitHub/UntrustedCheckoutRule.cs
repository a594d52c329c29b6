using System;
using System.Collections.Generic;
using System.Linq;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>
/// PSF7003. A <c>pull_request_target</c> or <c>workflow_run</c> workflow runs with the base repository's secrets and a
/// write token; checking out the pull request's head there and then running a script or a local action executes the
/// fork author's code (build scripts, test hooks, package install scripts) with those credentials ("pwn request").
/// A workflow that only a maintainer's action starts (<c>types: [labeled]</c>) is an approval: checking out the commit
/// the event names is then what was approved, checking out the branch is not (the author can push after the label).
/// </summary>
internal sealed class UntrustedCheckoutRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineUntrustedCheckout);

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        if (file.Kind != PipelineFileKind.GitHubWorkflow || file.Root is not { } root || !GitHubWorkflow.HasTrigger(root, PullRequestHeadCheckout.PrivilegedPullRequestTriggers))
        {
            return;
        }

        var trigger = PullRequestHeadCheckout.PrivilegedTriggers(root)[0];
        var approved = PullRequestHeadCheckout.ApprovalGated(root);
        foreach (var (id, _, job) in GitHubWorkflow.Jobs(root))
        {
            var steps = GitHubWorkflow.JobSteps(job, id).ToList();
            for (var i = 0; i < steps.Count; i++)
            {
                var fetched = PullRequestHeadCheckout.FetchesUntrustedCode(root, job, steps[i]);
                if (fetched is null)
                {
                    continue;
                }

                var runner = steps.Skip(i + 1).FirstOrDefault(PullRequestHeadCheckout.RunsCode);
                if (runner.Node is null)
                {
                    continue;
                }

                var message = approved
                    ? $"Job '{id}' starts only when a maintainer acts on the pull request ('{trigger}' types: {string.Join(", ", GitHubWorkflow.ActivityTypes(root, trigger) ?? new List<string>())}), but fetches the pull request's branch as it is when the job runs, not the commit the event names, and then runs it (step at line {runner.Node.Line}) with the base repository's secrets and write token: its author can push new code after the approval; check out 'github.event.pull_request.head.sha' instead"
                    : $"Job '{id}' of this '{trigger}' workflow fetches the pull request's code and then runs it (step at line {runner.Node.Line}) with the base repository's secrets and write token: build untrusted code in a 'pull_request' workflow instead, and hand its results to a privileged workflow as data";
                context.Report(PipelineRuleCatalog.UntrustedCheckout, file, fetched, message);
                break;
            }
        }
    }
}
