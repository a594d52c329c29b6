using System;
using System.Collections.Generic;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.Azure;

/// <summary>
/// PSF7023. <c>template: file.yml@alias</c> takes pipeline code from a <c>resources.repositories</c> entry whose
/// <c>ref</c> is missing (the default branch) or a branch or tag: whoever can push there changes what this pipeline runs,
/// with its service connections and secrets. A full commit SHA is the pin.
/// </summary>
internal sealed class UnpinnedRepositoryResourceRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineUnpinnedRepositoryResource);

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        if (file.Root?.Get("resources") is not YamlMapping resources || resources.Get("repositories") is not YamlSequence repositories)
        {
            return;
        }

        var templateAliases = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var document in file.Documents)
        {
            AzurePipeline.Walk(document, (key, value) =>
            {
                if (key == "template" && value is YamlScalar template)
                {
                    var at = template.Value.LastIndexOf('@');
                    if (at > 0)
                    {
                        templateAliases.Add(template.Value.Substring(at + 1).Trim());
                    }
                }
            });
        }

        foreach (var item in repositories.Items)
        {
            if (item.Resolve() is not YamlMapping repository || repository.GetScalar("repository") is not { } alias || !templateAliases.Contains(alias.Value))
            {
                continue;
            }

            var reference = repository.GetString("ref");
            if (reference is not null && IsCommit(reference))
            {
                continue;
            }

            var name = repository.GetString("name") ?? alias.Value;
            context.Report(
                PipelineRuleCatalog.UnpinnedRepositoryResource,
                file,
                alias,
                reference is null
                    ? $"Templates come from '{name}' at its default branch, so whoever can push there changes what this pipeline runs: set 'ref:' to a full commit SHA"
                    : $"Templates come from '{name}' at '{reference}', a branch or tag that can be moved: set 'ref:' to a full commit SHA");
        }
    }

    internal static bool IsCommit(string reference)
    {
        var value = reference.Trim();
        if (value.StartsWith("refs/", StringComparison.Ordinal))
        {
            return false;
        }

        if (value.Length != 40 && value.Length != 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!Uri.IsHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
