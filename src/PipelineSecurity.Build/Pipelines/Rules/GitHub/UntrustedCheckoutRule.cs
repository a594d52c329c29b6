using System;
using System.Linq;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>
/// PSF7003. A <c>pull_request_target</c> or <c>workflow_run</c> workflow runs with the base repository's secrets and a
/// write token; checking out the pull request's head there and then running a script or a local action executes the
/// fork author's code (build scripts, test hooks, package install scripts) with those credentials ("pwn request").
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

        var trigger = GitHubWorkflow.Triggers(root).First(t => Array.IndexOf(PullRequestHeadCheckout.PrivilegedPullRequestTriggers, t.Event) >= 0).Event;
        foreach (var (id, _, job) in GitHubWorkflow.Jobs(root))
        {
            if (PullRequestHeadCheckout.GuardedAgainstForks(job))
            {
                continue;
            }

            var steps = GitHubWorkflow.JobSteps(job, id).ToList();
            for (var i = 0; i < steps.Count; i++)
            {
                var fetched = PullRequestHeadCheckout.FetchesPullRequestCode(steps[i]);
                if (fetched is null || PullRequestHeadCheckout.GuardedAgainstForks(steps[i].Node))
                {
                    continue;
                }

                var runner = steps.Skip(i + 1).FirstOrDefault(PullRequestHeadCheckout.RunsCode);
                if (runner.Node is null)
                {
                    continue;
                }

                context.Report(
                    PipelineRuleCatalog.UntrustedCheckout,
                    file,
                    fetched,
                    $"Job '{id}' of this '{trigger}' workflow fetches the pull request's code and then runs it (step at line {runner.Node.Line}) with the base repository's secrets and write token: build untrusted code in a 'pull_request' workflow instead, and hand its results to a privileged workflow as data");
                break;
            }
        }
    }
}
