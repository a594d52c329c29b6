using System;
using System.Collections.Generic;
using PipelineSecurity.Build.Pipelines.Expressions;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>
/// Decides whether a context value an expression reads is attacker-controlled: the untrusted <c>github</c> contexts;
/// an <c>env.NAME</c> that a workflow/job/step <c>env:</c> fills from one; an <c>inputs.NAME</c> of a local reusable
/// workflow or composite action that a caller in this repository fills from one; and, when configured, the free-text
/// inputs of <c>workflow_dispatch</c>.
/// </summary>
internal static class ExpressionTaint
{
    public const string DispatchInputsOption = "pipeline_security.psf7002.dispatch_inputs_untrusted";

    /// <summary>Why the text of <paramref name="source"/> is attacker-controlled, or null.</summary>
    public static string? Reason(AccessPath source, PipelineFile file, PipelineCheckContext context, YamlMapping? job, YamlMapping? step)
    {
        var untrusted = UntrustedContexts.Match(source);
        if (untrusted is not null)
        {
            return "'" + untrusted + "'";
        }

        var segments = source.Segments;
        if (segments.Count >= 2 && source.StartsWith("env"))
        {
            return EnvReason(segments[1], file, context, job, step);
        }

        string? input = null;
        if (segments.Count >= 2 && source.StartsWith("inputs"))
        {
            input = segments[1];
        }
        else if (segments.Count >= 3 && source.StartsWith("github") && string.Equals(segments[1], "event", StringComparison.OrdinalIgnoreCase)
                 && string.Equals(segments[2], "inputs", StringComparison.OrdinalIgnoreCase) && segments.Count >= 4)
        {
            input = segments[3];
        }

        if (input is null || input == "*")
        {
            return null;
        }

        if (context.TaintedInputs.TryGetValue(file.RelativePath, out var tainted) && tainted.TryGetValue(input, out var why))
        {
            return "input '" + input + "', " + why;
        }

        if (file.Root is { } root && context.Options.GetBool(file, DispatchInputsOption, false) && IsFreeTextDispatchInput(root, input))
        {
            return "the free-text workflow_dispatch input '" + input + "'";
        }

        return null;
    }

    /// <summary>Why an expression's value is attacker-controlled (the first reason found), or null.</summary>
    public static string? ReasonForText(string text, PipelineFile file, PipelineCheckContext context, YamlMapping? job, YamlMapping? step, int depth = 0)
    {
        foreach (var expression in TemplateExpressions.Find(text))
        {
            if (expression.Parsed is null)
            {
                continue;
            }

            foreach (var source in ExpressionFlow.ValueSources(expression.Parsed))
            {
                var reason = depth > 0 && source.StartsWith("env") ? null : Reason(source, file, context, job, step);
                if (reason is not null)
                {
                    return reason;
                }
            }
        }

        return null;
    }

    private static string? EnvReason(string name, PipelineFile file, PipelineCheckContext context, YamlMapping? job, YamlMapping? step)
    {
        string? reason = null;
        foreach (var env in GitHubWorkflow.EnvScopes(file.Kind == PipelineFileKind.GitHubWorkflow ? file.Root : null, job, step))
        {
            foreach (var entry in env.Entries)
            {
                if (string.Equals(entry.Key.Value, name, StringComparison.OrdinalIgnoreCase) && entry.Value.Resolve() is YamlScalar value)
                {
                    // The innermost definition wins, as on GitHub.
                    var inner = ReasonForText(value.Value, file, context, job, step, depth: 1);
                    reason = inner is null ? null : "env '" + entry.Key.Value + "' set from " + inner;
                }
            }
        }

        return reason;
    }

    private static bool IsFreeTextDispatchInput(YamlMapping root, string input)
    {
        if (root.Get("on") is not YamlMapping on || on.Get("workflow_dispatch") is not YamlMapping dispatch || dispatch.Get("inputs") is not YamlMapping inputs)
        {
            return false;
        }

        foreach (var entry in inputs.Entries)
        {
            if (string.Equals(entry.Key.Value, input, StringComparison.OrdinalIgnoreCase))
            {
                var type = (entry.Value.Resolve() as YamlMapping)?.GetString("type") ?? "string";
                return string.Equals(type, "string", StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    /// <summary>
    /// Marks the inputs of local reusable workflows (<c>uses: ./.github/workflows/x.yml</c>) and local actions
    /// (<c>uses: ./path</c>) that a caller fills with attacker-controlled text, following chains of callers.
    /// </summary>
    public static void PropagateToLocalCallees(PipelineCheckContext context)
    {
        for (var round = 0; round < 8; round++)
        {
            var changed = false;
            foreach (var file in context.Files)
            {
                if (file.Kind is not (PipelineFileKind.GitHubWorkflow or PipelineFileKind.GitHubAction) || file.Root is not { } root)
                {
                    continue;
                }

                if (file.Kind == PipelineFileKind.GitHubWorkflow)
                {
                    foreach (var (_, _, job) in GitHubWorkflow.Jobs(root))
                    {
                        changed |= Propagate(context, file, job.GetString("uses"), job.GetMapping("with"), job, null);
                    }
                }

                foreach (var step in GitHubWorkflow.Steps(file))
                {
                    changed |= Propagate(context, file, step.Uses, step.With, step.Job, step.Node);
                }
            }

            if (!changed)
            {
                return;
            }
        }
    }

    /// <summary>The repository-relative file a local <c>uses:</c> names, when it is part of the check.</summary>
    public static PipelineFile? LocalCallee(PipelineCheckContext context, string? uses)
    {
        if (uses is null || !uses.StartsWith("./", StringComparison.Ordinal))
        {
            return null;
        }

        var path = uses.Substring(2).TrimEnd('/');
        var at = path.IndexOf('@');
        if (at >= 0)
        {
            path = path.Substring(0, at);
        }

        return context.FindFile(path) ?? context.FindFile(path + "/action.yml") ?? context.FindFile(path + "/action.yaml");
    }

    private static bool Propagate(PipelineCheckContext context, PipelineFile caller, string? uses, YamlMapping? with, YamlMapping? job, YamlMapping? step)
    {
        var callee = LocalCallee(context, uses);
        if (callee is null || with is null)
        {
            return false;
        }

        var changed = false;
        foreach (var entry in with.Entries)
        {
            if (entry.Value.Resolve() is not YamlScalar value)
            {
                continue;
            }

            var reason = ReasonForText(value.Value, caller, context, job, step);
            if (reason is null)
            {
                continue;
            }

            if (!context.TaintedInputs.TryGetValue(callee.RelativePath, out var inputs))
            {
                inputs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                context.TaintedInputs[callee.RelativePath] = inputs;
            }

            if (!inputs.ContainsKey(entry.Key.Value))
            {
                inputs[entry.Key.Value] = "which " + caller.RelativePath + "(" + entry.Key.Line + ") fills with " + reason;
                changed = true;
            }
        }

        return changed;
    }
}
