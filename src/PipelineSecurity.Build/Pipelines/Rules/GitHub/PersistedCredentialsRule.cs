using System;
using System.Linq;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>
/// PSF7006. <c>actions/checkout</c> keeps the job's token in the repository's git configuration unless
/// <c>persist-credentials: false</c>; in a job that later uploads an artifact, or runs a pull request's code in a
/// privileged workflow, that token can leave the job (inside the artifact, or read by the untrusted code).
/// </summary>
internal sealed class PersistedCredentialsRule : PipelineRule
{
    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        if (file.Kind != PipelineFileKind.GitHubWorkflow || file.Root is not { } root)
        {
            return;
        }

        var privileged = GitHubWorkflow.HasTrigger(root, PullRequestHeadCheckout.PrivilegedPullRequestTriggers);
        foreach (var (id, _, job) in GitHubWorkflow.Jobs(root))
        {
            var steps = GitHubWorkflow.JobSteps(job, id).ToList();
            for (var i = 0; i < steps.Count; i++)
            {
                var checkout = steps[i];
                if (!checkout.UsesAction("actions/checkout") || checkout.With?.Get("persist-credentials") is YamlScalar { IsFalse: true })
                {
                    continue;
                }

                var later = steps.Skip(i + 1).ToList();
                var upload = later.FirstOrDefault(s => s.UsesAction("actions/upload-artifact") || s.UsesAction("actions/upload-pages-artifact"));
                string? why = null;
                if (upload.Node is not null)
                {
                    why = $"the job uploads an artifact (line {upload.Node.Line}) that can carry .git/config";
                }
                else if (privileged && !PullRequestHeadCheckout.GuardedAgainstForks(job)
                         && PullRequestHeadCheckout.FetchesPullRequestCode(checkout) is not null && later.Any(PullRequestHeadCheckout.RunsCode))
                {
                    why = "the job then runs the pull request's code, which can read it";
                }

                if (why is not null && checkout.Node.GetScalar("uses") is { } uses)
                {
                    context.Report(
                        PipelineRuleCatalog.PersistedCredentials,
                        file,
                        uses,
                        $"This checkout leaves the job's token in the git configuration and {why}: set 'persist-credentials: false' under 'with:' (and pass a token only to the step that pushes)");
                }
            }
        }
    }
}
