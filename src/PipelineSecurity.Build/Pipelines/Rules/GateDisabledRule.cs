using System;
using PipelineSecurity.Build.Pipelines.Rules.Azure;
using PipelineSecurity.Build.Pipelines.Rules.GitHub;
using PipelineSecurity.Build.Pipelines.Shell;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules;

/// <summary>
/// PSF7012. The CI build switches this package's checks off: <c>-p:PipelineSecurityEnabled=false</c> (or the analyzer /
/// policy switches) on a <c>dotnet</c>/<c>msbuild</c> command line or as an environment variable or pipeline variable
/// (MSBuild reads environment variables as properties); and <c>PipelineSecurityPolicyMode=audit</c> on a release path
/// (<c>dotnet pack</c>/<c>publish</c>/<c>nuget push</c>, a release-triggered workflow, a deployment pipeline).
/// </summary>
internal sealed class GateDisabledRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineGateDisabled);

    private static readonly string[] OffSwitches = { "PipelineSecurityEnabled", "PipelineSecurityAnalyzersEnabled", "PipelineSecurityPolicyEnabled" };

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        var release = file.Kind == PipelineFileKind.AzurePipeline
            ? AzurePipeline.IsReleasePipeline(file)
            : file.Root is { } root && file.Kind == PipelineFileKind.GitHubWorkflow && GitHubWorkflow.IsReleaseWorkflow(file, root);

        foreach (var (script, step) in ScriptSteps.Of(file))
        {
            var text = script.Value;
            var verbFromTask = string.Empty;
            if (AzurePipeline.IsTask(step, "DotNetCoreCLI") || AzurePipeline.IsTask(step, "MSBuild") || AzurePipeline.IsTask(step, "VSBuild"))
            {
                // Task inputs are the arguments of the command the task runs.
                verbFromTask = (step.GetMapping("inputs")?.GetString("command") ?? "build").ToLowerInvariant();
                text = "dotnet " + verbFromTask + " " + text;
            }

            foreach (var (verb, property, value, offset) in GateSwitches.PropertiesOf(text))
            {
                var scriptOffset = verbFromTask.Length > 0 ? Math.Max(0, offset - 8 - verbFromTask.Length) : offset;
                var (line, column) = file.Locate(script, scriptOffset);
                Evaluate(file, context, property, value, line, column, release || verb is "pack" or "publish" or "push" or "nuget push", "-p:" + property + "=" + value);
            }
        }

        if (file.Kind == PipelineFileKind.AzurePipeline)
        {
            foreach (var (name, value) in AzurePipeline.Variables(file))
            {
                if (value is YamlScalar scalar)
                {
                    Evaluate(file, context, name.Value, scalar.Value, name.Line, name.Column, release, "variable " + name.Value + ": " + scalar.Value);
                }
            }
        }

        foreach (var env in file.Kind == PipelineFileKind.AzurePipeline ? EnvOfAzureSteps(file) : GitHubWorkflow.AllEnvMappings(file))
        {
            foreach (var entry in env.Entries)
            {
                if (entry.Value.Resolve() is YamlScalar scalar)
                {
                    Evaluate(file, context, entry.Key.Value, scalar.Value, entry.Key.Line, entry.Key.Column, release, "env " + entry.Key.Value + ": " + scalar.Value);
                }
            }
        }
    }

    private static System.Collections.Generic.IEnumerable<YamlMapping> EnvOfAzureSteps(PipelineFile file)
    {
        foreach (var step in AzurePipeline.Steps(file))
        {
            if (step.Get("env") is YamlMapping env)
            {
                yield return env;
            }
        }
    }

    private static void Evaluate(PipelineFile file, PipelineCheckContext context, string property, string value, int line, int column, bool releasePath, string shown)
    {
        value = value.Trim().Trim('"', '\'');
        foreach (var off in OffSwitches)
        {
            if (string.Equals(property, off, StringComparison.OrdinalIgnoreCase) && string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
            {
                context.Report(
                    PipelineRuleCatalog.GateDisabled,
                    file,
                    line,
                    column,
                    $"'{shown}' switches PipelineSecurity's checks off for this CI build, so secrets, vulnerable packages and policy violations pass unseen: remove it, and suppress individual findings (with an owner and expiry in the policy file) instead");
                return;
            }
        }

        if (releasePath && string.Equals(property, "PipelineSecurityPolicyMode", StringComparison.OrdinalIgnoreCase) && string.Equals(value, "audit", StringComparison.OrdinalIgnoreCase))
        {
            context.Report(
                PipelineRuleCatalog.GateDisabled,
                file,
                line,
                column,
                $"'{shown}' puts the policy gate in audit mode on a release path, so a release ships whatever the policy would have blocked: use 'enforce' for release builds (audit belongs to pull-request builds)");
        }
    }
}
