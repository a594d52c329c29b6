using System;
using System.Collections.Generic;
using System.Linq;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>
/// PSF7011. Workflows started by outsiders' events in the base repository's context (<c>pull_request_target</c>,
/// <c>issue_comment</c>, <c>workflow_run</c>…) write to the default branch's cache scope, which every branch and tag can
/// restore. A release workflow of the same repository that restores a cache then builds its artifact from files an
/// outsider could have planted.
/// </summary>
internal sealed class CachePoisoningRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineCachePoisoning);

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        if (file.Kind != PipelineFileKind.GitHubWorkflow || file.Root is not { } root || !GitHubWorkflow.IsReleaseWorkflow(file, root))
        {
            return;
        }

        var restores = GitHubWorkflow.Steps(file).Where(s => CacheUse(s) is { Restores: true }).ToList();
        if (restores.Count == 0)
        {
            return;
        }

        var writer = Writers(context).FirstOrDefault();
        if (writer.File is null)
        {
            return;
        }

        foreach (var step in restores)
        {
            var node = (YamlNode?)step.Node.GetScalar("uses") ?? step.Node;
            context.Report(
                PipelineRuleCatalog.CachePoisoning,
                file,
                node,
                $"This release workflow restores a cache, and {writer.File.RelativePath}({writer.Line}) writes caches in the default branch's scope on '{writer.Trigger}', which outsiders can start: do not use caches in release builds (or remove caching from the untrusted workflow)");
        }
    }

    private static IEnumerable<(PipelineFile File, int Line, string Trigger)> Writers(PipelineCheckContext context)
    {
        foreach (var file in context.Files)
        {
            if (file.Kind != PipelineFileKind.GitHubWorkflow || file.Root is not { } root)
            {
                continue;
            }

            var events = GitHubWorkflow.OutsiderTriggers(root).Select(t => t.Event).ToList();
            if (events.Count == 0)
            {
                continue;
            }

            var trigger = events[0];
            foreach (var step in GitHubWorkflow.Steps(file))
            {
                // A job or step only trusted authors can start writes no cache an outsider chose.
                if (CacheUse(step) is { Writes: true } && !AuthorAssociationGuard.Requires(step.Job, events) && !AuthorAssociationGuard.Requires(step.Node, events))
                {
                    yield return (file, step.Node.Line, trigger);
                    break;
                }
            }
        }
    }

    /// <summary>Whether a step restores and/or saves a cache: actions/cache (and its restore/save halves), setup-* actions with caching on, other cache actions.</summary>
    internal static (bool Restores, bool Writes)? CacheUse(GitHubStep step)
    {
        var uses = step.Uses;
        if (uses is null)
        {
            return null;
        }

        if (step.UsesAction("actions/cache/restore"))
        {
            return (true, false);
        }

        if (step.UsesAction("actions/cache/save"))
        {
            return (false, true);
        }

        if (step.UsesAction("actions/cache"))
        {
            return (true, true);
        }

        var repository = GitHubWorkflow.Repository(uses);
        if (repository is null)
        {
            return null;
        }

        var cache = step.With?.GetScalar("cache");
        if (repository.StartsWith("actions/setup-", StringComparison.OrdinalIgnoreCase))
        {
            // setup-go caches unless told not to; the others when 'cache' names a package manager or is true.
            var on = repository.Equals("actions/setup-go", StringComparison.OrdinalIgnoreCase)
                ? cache is null || !cache.IsFalse
                : cache is not null && cache.Value.Length > 0 && !cache.IsFalse;
            return on ? (true, true) : null;
        }

        return repository.IndexOf("cache", StringComparison.OrdinalIgnoreCase) >= 0 ? (true, true) : null;
    }
}
