using System;
using System.Collections.Generic;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>A step of a workflow job or of a composite action, with the job it belongs to (null in an action).</summary>
internal readonly struct GitHubStep
{
    public GitHubStep(YamlMapping step, YamlMapping? job, string? jobId, int index)
    {
        Node = step;
        Job = job;
        JobId = jobId;
        Index = index;
    }

    public YamlMapping Node { get; }

    public YamlMapping? Job { get; }

    public string? JobId { get; }

    public int Index { get; }

    public string? Uses => Node.GetString("uses");

    public YamlScalar? Run => Node.GetScalar("run");

    public YamlMapping? With => Node.GetMapping("with");

    /// <summary>Whether <c>uses:</c> names <paramref name="action"/> (<c>owner/repo</c> or <c>owner/repo/path</c>), whatever the ref.</summary>
    public bool UsesAction(string action) => GitHubWorkflow.IsAction(Uses, action);
}

/// <summary>Reading the parts of a workflow file or an action.yml the rules need (triggers, jobs, steps, env).</summary>
internal static class GitHubWorkflow
{
    /// <summary>Events an outsider (a fork, an issue or comment author) can cause, and that run with the base repository's secrets and a write token.</summary>
    public static readonly string[] PrivilegedUntrustedTriggers =
    {
        "pull_request_target", "workflow_run", "issue_comment", "issues", "discussion", "discussion_comment",
    };

    // Activity types that need triage or write access on the repository (labelling, assigning, pinning, locking,
    // auto-merge, the merge queue): a trigger limited to them is started by a maintainer, even on an outsider's item.
    private static readonly Dictionary<string, string[]> MaintainerActivityTypes = new(StringComparer.Ordinal)
    {
        ["issues"] = new[] { "labeled", "unlabeled", "assigned", "unassigned", "milestoned", "demilestoned", "pinned", "unpinned", "locked", "unlocked", "transferred", "deleted", "typed", "untyped" },
        ["pull_request_target"] = new[] { "labeled", "unlabeled", "assigned", "unassigned", "milestoned", "demilestoned", "locked", "unlocked", "auto_merge_enabled", "auto_merge_disabled", "enqueued", "dequeued" },
        ["discussion"] = new[] { "labeled", "unlabeled", "pinned", "unpinned", "locked", "unlocked", "transferred" },
    };

    /// <summary>Events whose run a fork's pull request or an outsider's comment starts.</summary>
    public static readonly string[] ForkTriggers =
    {
        "pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment", "issue_comment", "workflow_run",
    };

    /// <summary>The events of <c>on:</c>, each with the node that names it (scalar, list, or mapping form).</summary>
    public static List<(string Event, YamlNode Node)> Triggers(YamlMapping root)
    {
        var triggers = new List<(string, YamlNode)>();
        var on = root.Get("on");
        switch (on)
        {
            case YamlScalar scalar when scalar.Value.Length > 0:
                triggers.Add((scalar.Value, scalar));
                break;
            case YamlSequence sequence:
                foreach (var item in sequence.Items)
                {
                    if (item.Resolve() is YamlScalar name)
                    {
                        triggers.Add((name.Value, name));
                    }
                }

                break;
            case YamlMapping mapping:
                foreach (var entry in mapping.Entries)
                {
                    triggers.Add((entry.Key.Value, entry.Key));
                }

                break;
        }

        return triggers;
    }

    /// <summary>
    /// The <see cref="PrivilegedUntrustedTriggers"/> of the workflow that an outsider can start: those whose
    /// <c>types:</c> (all of them when none are listed) include one an outsider's own action causes.
    /// </summary>
    public static List<(string Event, YamlNode Node)> OutsiderTriggers(YamlMapping root)
    {
        var triggers = new List<(string, YamlNode)>();
        foreach (var (name, node) in Triggers(root))
        {
            if (Array.IndexOf(PrivilegedUntrustedTriggers, name) >= 0 && !OnlyMaintainersStart(root, name))
            {
                triggers.Add((name, node));
            }
        }

        return triggers;
    }

    /// <summary>Whether the activity types listed for <paramref name="eventName"/> (e.g. <c>types: [labeled]</c>) all need triage or write access, so only a maintainer starts the run.</summary>
    public static bool OnlyMaintainersStart(YamlMapping root, string eventName)
    {
        if (!MaintainerActivityTypes.TryGetValue(eventName, out var maintainerTypes) || ActivityTypes(root, eventName) is not { Count: > 0 } types)
        {
            return false;
        }

        foreach (var type in types)
        {
            if (Array.IndexOf(maintainerTypes, type) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The <c>types:</c> listed under the event in <c>on:</c>; null when the event takes its default types.</summary>
    public static List<string>? ActivityTypes(YamlMapping root, string eventName)
    {
        if (root.Get("on") is not YamlMapping on || on.Get(eventName) is not YamlMapping settings)
        {
            return null;
        }

        switch (settings.Get("types")?.Resolve())
        {
            case YamlScalar { Value.Length: > 0 } single:
                return new List<string> { single.Value };
            case YamlSequence sequence:
                var types = new List<string>();
                foreach (var item in sequence.Items)
                {
                    if (item.Resolve() is not YamlScalar { Value.Length: > 0 } type)
                    {
                        return null;
                    }

                    types.Add(type.Value);
                }

                return types;
            default:
                return null;
        }
    }

    public static bool HasTrigger(YamlMapping root, params string[] events)
    {
        foreach (var (name, _) in Triggers(root))
        {
            if (Array.IndexOf(events, name) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A release path: a <c>release</c> event, a push of tags, or a file named for releasing, publishing or deploying.</summary>
    public static bool IsReleaseWorkflow(PipelineFile file, YamlMapping root)
    {
        if (HasTrigger(root, "release", "registry_package"))
        {
            return true;
        }

        if (root.Get("on") is YamlMapping on && on.Get("push") is YamlMapping push && (push.Get("tags") is not null || push.Get("tags-ignore") is not null))
        {
            return true;
        }

        var name = System.IO.Path.GetFileNameWithoutExtension(file.RelativePath).ToLowerInvariant();
        return name.Contains("release") || name.Contains("publish") || name.Contains("deploy");
    }

    public static IEnumerable<(string Id, YamlScalar Key, YamlMapping Job)> Jobs(YamlMapping root)
    {
        if (root.Get("jobs") is YamlMapping jobs)
        {
            foreach (var entry in jobs.Entries)
            {
                if (entry.Value.Resolve() is YamlMapping job)
                {
                    yield return (entry.Key.Value, entry.Key, job);
                }
            }
        }
    }

    /// <summary>The steps of every job of a workflow, or of a composite action's <c>runs.steps</c>.</summary>
    public static IEnumerable<GitHubStep> Steps(PipelineFile file)
    {
        if (file.Root is not { } root)
        {
            yield break;
        }

        if (file.Kind == PipelineFileKind.GitHubAction)
        {
            if (root.Get("runs") is YamlMapping runs && runs.Get("steps") is YamlSequence actionSteps)
            {
                var i = 0;
                foreach (var item in actionSteps.Items)
                {
                    if (item.Resolve() is YamlMapping step)
                    {
                        yield return new GitHubStep(step, null, null, i);
                    }

                    i++;
                }
            }

            yield break;
        }

        foreach (var (id, _, job) in Jobs(root))
        {
            foreach (var step in JobSteps(job, id))
            {
                yield return step;
            }
        }
    }

    public static IEnumerable<GitHubStep> JobSteps(YamlMapping job, string jobId)
    {
        if (job.Get("steps") is YamlSequence steps)
        {
            var i = 0;
            foreach (var item in steps.Items)
            {
                if (item.Resolve() is YamlMapping step)
                {
                    yield return new GitHubStep(step, job, jobId, i);
                }

                i++;
            }
        }
    }

    /// <summary>Whether <paramref name="uses"/> refers to <paramref name="action"/> (case-insensitive, any ref, sub-paths included).</summary>
    public static bool IsAction(string? uses, string action)
    {
        if (uses is null)
        {
            return false;
        }

        var at = uses.IndexOf('@');
        var name = (at < 0 ? uses : uses.Substring(0, at)).Trim();
        return string.Equals(name, action, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The <c>owner/repo</c> part of a remote <c>uses:</c>, or null for a local (<c>./</c>) or Docker reference.</summary>
    public static string? Repository(string? uses)
    {
        if (uses is null || uses.StartsWith("./", StringComparison.Ordinal) || uses.StartsWith("docker://", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var at = uses.IndexOf('@');
        var name = at < 0 ? uses : uses.Substring(0, at);
        var parts = name.Split('/');
        return parts.Length >= 2 ? parts[0] + "/" + parts[1] : null;
    }

    /// <summary>The env mappings in scope for a step: the workflow's, the job's, the step's (outermost first).</summary>
    public static IEnumerable<YamlMapping> EnvScopes(YamlMapping? root, YamlMapping? job, YamlMapping? step)
    {
        if (root?.Get("env") is YamlMapping workflowEnv)
        {
            yield return workflowEnv;
        }

        if (job?.Get("env") is YamlMapping jobEnv)
        {
            yield return jobEnv;
        }

        if (step?.Get("env") is YamlMapping stepEnv)
        {
            yield return stepEnv;
        }
    }

    /// <summary>Every env mapping of the file: workflow, jobs, steps (and a composite action's steps).</summary>
    public static IEnumerable<YamlMapping> AllEnvMappings(PipelineFile file)
    {
        if (file.Root is not { } root)
        {
            yield break;
        }

        if (root.Get("env") is YamlMapping env)
        {
            yield return env;
        }

        foreach (var (_, _, job) in Jobs(root))
        {
            if (job.Get("env") is YamlMapping jobEnv)
            {
                yield return jobEnv;
            }
        }

        foreach (var step in Steps(file))
        {
            if (step.Node.Get("env") is YamlMapping stepEnv)
            {
                yield return stepEnv;
            }
        }
    }
}
