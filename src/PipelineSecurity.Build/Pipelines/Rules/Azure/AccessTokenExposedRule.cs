using System;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.Azure;

/// <summary>
/// PSF7022. <c>$(System.AccessToken)</c> mapped into a step's environment whose inline script never reads that variable:
/// the token reaches every program the script starts (package restores, test runners, downloaded tools) for nothing.
/// </summary>
internal sealed class AccessTokenExposedRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineAccessTokenExposed);

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        foreach (var step in AzurePipeline.Steps(file))
        {
            if (step.Get("env") is not YamlMapping env)
            {
                continue;
            }

            var script = AzurePipeline.InlineScript(step);
            if (script is null)
            {
                // A script file or a task reads its environment where this file cannot see.
                continue;
            }

            foreach (var entry in env.Entries)
            {
                if (entry.Value.Resolve() is YamlScalar value && value.Value.IndexOf("$(System.AccessToken)", StringComparison.OrdinalIgnoreCase) >= 0
                    && !References(script.Value, entry.Key.Value))
                {
                    context.Report(
                        PipelineRuleCatalog.AccessTokenExposed,
                        file,
                        entry.Key,
                        $"The step hands $(System.AccessToken) to its script as '{entry.Key.Value}', which the script never reads; every program the script starts inherits the token: remove the mapping, or give it only to the command that needs it");
                }
            }
        }
    }

    /// <summary>Whether a script reads an environment variable: <c>$NAME</c>, <c>${NAME}</c>, <c>$env:NAME</c>, <c>%NAME%</c>, <c>env.NAME</c>, <c>environ['NAME']</c>…</summary>
    internal static bool References(string script, string name)
    {
        var at = 0;
        while ((at = script.IndexOf(name, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = at > 0 ? script[at - 1] : ' ';
            var afterIndex = at + name.Length;
            var after = afterIndex < script.Length ? script[afterIndex] : ' ';
            if (!IsNameChar(before) && !IsNameChar(after))
            {
                return true;
            }

            at = afterIndex;
        }

        return false;
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
