using System.Collections.Generic;
using PipelineSecurity.Build.Pipelines.Rules.Azure;
using PipelineSecurity.Build.Pipelines.Rules.GitHub;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules;

/// <summary>The inline scripts of a file, whatever the CI system: GitHub <c>run:</c>, Azure script steps and task script inputs.</summary>
internal static class ScriptSteps
{
    public static IEnumerable<(YamlScalar Script, YamlMapping Step)> Of(PipelineFile file)
    {
        if (file.Kind == PipelineFileKind.AzurePipeline)
        {
            foreach (var step in AzurePipeline.Steps(file))
            {
                if (AzurePipeline.InlineScript(step) is { } script)
                {
                    yield return (script, step);
                }
            }

            yield break;
        }

        foreach (var step in GitHubWorkflow.Steps(file))
        {
            if (step.Run is { } run)
            {
                yield return (run, step.Node);
            }
        }
    }
}
