using System;
using System.Collections.Generic;
using PipelineSecurity.Analyzers.Secrets.Detection;
using PipelineSecurity.Build.Pipelines.Rules.Azure;
using PipelineSecurity.Build.Pipelines.Rules.GitHub;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules;

/// <summary>
/// PSF7021. A value given in clear text to a name that means secret (password, token, API key, client secret…) in an
/// Azure Pipelines <c>variables:</c> block, or in a GitHub Actions <c>env:</c>, <c>with:</c> or container
/// <c>credentials:</c>: whatever its shape, it sits in the repository and in every fork. References
/// (<c>$(…)</c>, <c>${{ … }}</c>, <c>$[ … ]</c>), booleans, numbers and placeholders are not reported.
/// </summary>
internal sealed class SecretInPlainVariableRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineSecretInPlainVariable);

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        foreach (var (name, value) in Candidates(file))
        {
            if (value is not YamlScalar scalar || !SecretNames.IsSecretName(name.Value) || !IsLiteralSecretValue(scalar.Value))
            {
                continue;
            }

            var where = file.Kind == PipelineFileKind.AzurePipeline
                ? "mark it secret in a variable group or the pipeline settings (or Key Vault) and reference it as $(" + name.Value + ")"
                : "store it as an encrypted secret and reference it as ${{ secrets." + name.Value.ToUpperInvariant().Replace('-', '_') + " }}";
            context.Report(
                PipelineRuleCatalog.SecretInPlainVariable,
                file,
                scalar,
                $"'{name.Value}' is given a clear-text value ({SecretRedaction.Redact(scalar.Value)}) that anyone who can read the repository sees: rotate it, {where}");
        }
    }

    private static IEnumerable<(YamlScalar Name, YamlNode Value)> Candidates(PipelineFile file)
    {
        if (file.Kind == PipelineFileKind.AzurePipeline)
        {
            foreach (var variable in AzurePipeline.Variables(file))
            {
                yield return variable;
            }

            foreach (var step in AzurePipeline.Steps(file))
            {
                if (step.Get("env") is YamlMapping env)
                {
                    foreach (var entry in env.Entries)
                    {
                        yield return (entry.Key, entry.Value.Resolve());
                    }
                }
            }

            yield break;
        }

        foreach (var env in GitHubWorkflow.AllEnvMappings(file))
        {
            foreach (var entry in env.Entries)
            {
                yield return (entry.Key, entry.Value.Resolve());
            }
        }

        foreach (var step in GitHubWorkflow.Steps(file))
        {
            if (step.With is { } with)
            {
                foreach (var entry in with.Entries)
                {
                    yield return (entry.Key, entry.Value.Resolve());
                }
            }
        }

        if (file.Root is { } root)
        {
            foreach (var (_, _, job) in GitHubWorkflow.Jobs(root))
            {
                foreach (var container in ContainerMappings(job))
                {
                    if (container.Get("credentials") is YamlMapping credentials)
                    {
                        foreach (var entry in credentials.Entries)
                        {
                            yield return (entry.Key, entry.Value.Resolve());
                        }
                    }
                }
            }
        }
    }

    private static IEnumerable<YamlMapping> ContainerMappings(YamlMapping job)
    {
        if (job.Get("container") is YamlMapping container)
        {
            yield return container;
        }

        if (job.Get("services") is YamlMapping services)
        {
            foreach (var entry in services.Entries)
            {
                if (entry.Value.Resolve() is YamlMapping service)
                {
                    yield return service;
                }
            }
        }
    }

    internal static bool IsLiteralSecretValue(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length < 6 || trimmed.IndexOf("$(", StringComparison.Ordinal) >= 0 || trimmed.IndexOf("${{", StringComparison.Ordinal) >= 0
            || trimmed.IndexOf("$[", StringComparison.Ordinal) >= 0 || trimmed.IndexOf("${", StringComparison.Ordinal) >= 0 || trimmed.StartsWith("$", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in trimmed)
        {
            if (char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        var lower = trimmed.ToLowerInvariant();
        if (lower is "true" or "false" or "yes" or "no" or "null" or "none" or "required" or "optional" || double.TryParse(trimmed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        // A path to a secret file, a secret's name in a store, a URL without credentials: a reference, not the secret.
        if (trimmed.StartsWith("/", StringComparison.Ordinal) || trimmed.StartsWith("./", StringComparison.Ordinal) || trimmed.StartsWith("~/", StringComparison.Ordinal)
            || lower.StartsWith("http://", StringComparison.Ordinal) || lower.StartsWith("https://", StringComparison.Ordinal)
            || lower.EndsWith(".json", StringComparison.Ordinal) || lower.EndsWith(".pem", StringComparison.Ordinal) || lower.EndsWith(".pfx", StringComparison.Ordinal) || lower.EndsWith(".txt", StringComparison.Ordinal))
        {
            return false;
        }

        return !Placeholders.IsPlaceholder(trimmed);
    }
}
