using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.Azure;

/// <summary>PSF7020. <c>checkout</c> with <c>persistCredentials: true</c> leaves the job's OAuth token in .git/config for every later step.</summary>
internal sealed class PersistCredentialsRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineAzurePersistCredentials);

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        foreach (var step in AzurePipeline.Steps(file))
        {
            if (step.Get("checkout") is not null && step.Get("persistCredentials") is YamlScalar { IsTrue: true } && step.GetKey("persistCredentials") is { } key)
            {
                context.Report(
                    PipelineRuleCatalog.AzurePersistCredentials,
                    file,
                    key,
                    $"'checkout: {step.GetString("checkout")}' keeps the job's access token in .git/config, where every later step, task and published artifact can read it: remove persistCredentials, and pass $(System.AccessToken) only to the one step that pushes");
            }
        }
    }
}
