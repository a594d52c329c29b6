using System;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>
/// PSF7008. <c>ACTIONS_ALLOW_UNSECURE_COMMANDS</c> re-enables the <c>::set-env</c> and <c>::add-path</c> workflow commands,
/// which GitHub disabled because any text a step prints (a log line, a test name, an issue title) can then set the
/// environment or PATH of every later step.
/// </summary>
internal sealed class UnsecureCommandsRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineUnsecureCommands);

    private const string Name = "ACTIONS_ALLOW_UNSECURE_COMMANDS";

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        foreach (var env in GitHubWorkflow.AllEnvMappings(file))
        {
            foreach (var entry in env.Entries)
            {
                if (string.Equals(entry.Key.Value, Name, StringComparison.OrdinalIgnoreCase) && entry.Value.Resolve() is YamlScalar value && IsEnabled(value))
                {
                    Report(file, context, entry.Key.Line, entry.Key.Column);
                }
            }
        }

        foreach (var step in GitHubWorkflow.Steps(file))
        {
            if (step.Run is { } run)
            {
                var at = run.Value.IndexOf(Name + "=", StringComparison.OrdinalIgnoreCase);
                if (at >= 0 && run.Value.IndexOf("GITHUB_ENV", StringComparison.Ordinal) >= 0)
                {
                    var (line, column) = file.Locate(run, at);
                    Report(file, context, line, column);
                }
            }
        }
    }

    private static bool IsEnabled(YamlScalar value) => value.IsTrue || value.Value.Trim() == "1";

    private static void Report(PipelineFile file, PipelineCheckContext context, int line, int column) =>
        context.Report(
            PipelineRuleCatalog.UnsecureCommands,
            file,
            line,
            column,
            $"{Name} turns the disabled '::set-env' and '::add-path' commands back on, so any text a step prints can change the environment and PATH of later steps: remove it and write to $GITHUB_ENV / $GITHUB_PATH instead");
}
