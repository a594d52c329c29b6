using System;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>PSF7007. <c>secrets: inherit</c> on a job calling a reusable workflow of another owner hands it every secret of the repository.</summary>
internal sealed class SecretsInheritRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineSecretsInherit);

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        if (file.Kind != PipelineFileKind.GitHubWorkflow || file.Root is not { } root)
        {
            return;
        }

        foreach (var (id, _, job) in GitHubWorkflow.Jobs(root))
        {
            var uses = job.GetString("uses");
            var repository = GitHubWorkflow.Repository(uses);
            if (repository is null || job.Get("secrets") is not YamlScalar { Value: "inherit" } secrets)
            {
                continue;
            }

            var owner = repository.Split('/')[0];
            if (context.RepositoryOwner is not null && string.Equals(owner, context.RepositoryOwner, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            context.Report(
                PipelineRuleCatalog.SecretsInherit,
                file,
                secrets,
                $"Job '{id}' passes every secret of this repository to '{uses}', code that '{owner}' controls: pass only the secrets it needs by name ('secrets: {{ NAME: ${{{{ secrets.NAME }}}} }}')");
        }
    }
}
