using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.Azure;

/// <summary>PSF7024. <c>task: Name</c> without <c>@major</c> runs whatever major version the organisation has installed, breaking changes included.</summary>
internal sealed class TaskWithoutVersionRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineTaskWithoutVersion);

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        foreach (var step in AzurePipeline.Steps(file))
        {
            if (step.Get("task") is YamlScalar task && task.Value.Length > 0 && task.Value.IndexOf('@') < 0 && task.Value.IndexOf("$(", System.StringComparison.Ordinal) < 0 && task.Value.IndexOf("${{", System.StringComparison.Ordinal) < 0)
            {
                context.Report(
                    PipelineRuleCatalog.TaskWithoutVersion,
                    file,
                    task,
                    $"'task: {task.Value}' names no major version, so the pipeline runs whichever version of the task the organisation has installed: write '{task.Value}@<major>' (e.g. '{task.Value}@2')");
            }
        }
    }
}
