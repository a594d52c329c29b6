using System;
using System.Collections.Generic;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.Azure;

/// <summary>Reading Azure Pipelines files: steps wherever they sit (pipeline, stages, jobs, deployment strategies, templates), variables, scripts.</summary>
internal static class AzurePipeline
{
    private static readonly string[] ScriptKeys = { "script", "bash", "pwsh", "powershell" };
    private static readonly string[] TaskScriptInputs = { "script", "inlineScript", "Inline", "arguments", "msbuildArguments", "msbuildArgs", "buildArguments" };

    /// <summary>Every step mapping of every <c>steps:</c> list in the file (aliases not followed, so each is seen once).</summary>
    public static List<YamlMapping> Steps(PipelineFile file)
    {
        var steps = new List<YamlMapping>();
        foreach (var document in file.Documents)
        {
            Walk(document, (key, value) =>
            {
                if (key == "steps" && value is YamlSequence sequence)
                {
                    foreach (var item in sequence.Items)
                    {
                        if (item.Resolve() is YamlMapping step)
                        {
                            steps.Add(step);
                        }
                    }
                }
            });
        }

        return steps;
    }

    /// <summary>Every <c>variables:</c> entry as (name node, value node): mapping form and list form (<c>- name: … value: …</c>).</summary>
    public static List<(YamlScalar Name, YamlNode Value)> Variables(PipelineFile file)
    {
        var variables = new List<(YamlScalar, YamlNode)>();
        foreach (var document in file.Documents)
        {
            Walk(document, (key, value) =>
            {
                if (key != "variables")
                {
                    return;
                }

                if (value is YamlMapping mapping)
                {
                    foreach (var entry in mapping.Entries)
                    {
                        variables.Add((entry.Key, entry.Value.Resolve()));
                    }
                }
                else if (value is YamlSequence sequence)
                {
                    foreach (var item in sequence.Items)
                    {
                        if (item.Resolve() is YamlMapping variable && variable.GetScalar("name") is { } name && variable.Get("value") is { } itemValue)
                        {
                            variables.Add((name, itemValue));
                        }
                    }
                }
            });
        }

        return variables;
    }

    /// <summary>The inline script of a step: <c>script</c>/<c>bash</c>/<c>pwsh</c>/<c>powershell</c>, or a task's script input.</summary>
    public static YamlScalar? InlineScript(YamlMapping step)
    {
        foreach (var key in ScriptKeys)
        {
            if (step.Get(key) is YamlScalar script)
            {
                return script;
            }
        }

        if (step.Get("task") is not null && step.Get("inputs") is YamlMapping inputs)
        {
            foreach (var key in TaskScriptInputs)
            {
                foreach (var entry in inputs.Entries)
                {
                    if (string.Equals(entry.Key.Value, key, StringComparison.OrdinalIgnoreCase) && entry.Value.Resolve() is YamlScalar value)
                    {
                        return value;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Whether the step is a task (<c>task: Name@N</c>) of the given name, any version.</summary>
    public static bool IsTask(YamlMapping step, string name)
    {
        var task = step.GetString("task");
        if (task is null)
        {
            return false;
        }

        var at = task.IndexOf('@');
        return string.Equals((at < 0 ? task : task.Substring(0, at)).Trim(), name, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A release path: deployment jobs, or a file named for releasing, publishing or deploying.</summary>
    public static bool IsReleasePipeline(PipelineFile file)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(file.RelativePath).ToLowerInvariant();
        if (name.Contains("release") || name.Contains("publish") || name.Contains("deploy"))
        {
            return true;
        }

        var deployment = false;
        foreach (var document in file.Documents)
        {
            Walk(document, (key, _) => deployment |= key == "deployment");
        }

        return deployment;
    }

    /// <summary>Calls <paramref name="visit"/> for every mapping entry of the tree, depth-first, without following aliases.</summary>
    public static void Walk(YamlNode node, Action<string, YamlNode> visit)
    {
        var stack = new Stack<YamlNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case YamlMapping mapping:
                    for (var i = mapping.Entries.Count - 1; i >= 0; i--)
                    {
                        var entry = mapping.Entries[i];
                        visit(entry.Key.Value, entry.Value.Resolve());
                        stack.Push(entry.Value);
                    }

                    break;
                case YamlSequence sequence:
                    for (var i = sequence.Items.Count - 1; i >= 0; i--)
                    {
                        stack.Push(sequence.Items[i]);
                    }

                    break;
            }
        }
    }
}
