using System.Collections.Generic;
using System.Linq;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>
/// PSF7004. <c>permissions: write-all</c> on a workflow or job; and a workflow run by outsiders' events
/// (<c>pull_request_target</c>, <c>issue_comment</c>, <c>workflow_run</c>…, unless limited to activity types only
/// maintainers cause, such as <c>labeled</c>) with no top-level <c>permissions:</c> while some job open to outsiders
/// sets none either, so those jobs get the repository's default token, often read/write on everything.
/// </summary>
internal sealed class ExcessivePermissionsRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineExcessivePermissions);

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        if (file.Kind != PipelineFileKind.GitHubWorkflow || file.Root is not { } root)
        {
            return;
        }

        if (root.Get("permissions") is YamlScalar { Value: "write-all" } all)
        {
            context.Report(PipelineRuleCatalog.ExcessivePermissions, file, all, "'permissions: write-all' gives every job a token that can push code, publish releases and change settings: list only the scopes the jobs need (e.g. 'contents: read') and grant writes per job");
        }

        var jobsWithout = new List<(string Id, YamlMapping Job)>();
        foreach (var (id, _, job) in GitHubWorkflow.Jobs(root))
        {
            var permissions = job.Get("permissions");
            if (permissions is YamlScalar { Value: "write-all" } jobAll)
            {
                context.Report(PipelineRuleCatalog.ExcessivePermissions, file, jobAll, $"Job '{id}' asks for 'permissions: write-all', a token that can push code, publish releases and change settings: list only the scopes it needs");
            }

            if (permissions is null)
            {
                jobsWithout.Add((id, job));
            }
        }

        var outsiderTriggers = GitHubWorkflow.OutsiderTriggers(root);
        if (root.Get("permissions") is not null || outsiderTriggers.Count == 0)
        {
            return;
        }

        // A job that only runs for trusted authors is not one outsiders start.
        var events = outsiderTriggers.Select(t => t.Event).ToList();
        var exposed = jobsWithout.Where(j => !AuthorAssociationGuard.Requires(j.Job, events)).Select(j => j.Id).ToList();
        if (exposed.Count > 0)
        {
            var (trigger, node) = outsiderTriggers[0];
            context.Report(
                PipelineRuleCatalog.ExcessivePermissions,
                file,
                node,
                $"The workflow runs on '{trigger}', which outsiders can cause, yet sets no top-level 'permissions:', so job(s) {string.Join(", ", exposed)} get the repository's default token: add 'permissions: {{}}' (or 'contents: read') at the top and grant more per job");
        }
    }
}
