using System;
using System.Collections.Generic;
using PipelineSecurity.Build.Pipelines.Configuration;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines;

/// <summary>What the rules see: every file of the check, the repository's facts, the per-file options, and the sink.</summary>
internal sealed class PipelineCheckContext
{
    private readonly Dictionary<string, PipelineFile> _byPath = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    public PipelineCheckContext(IReadOnlyList<PipelineFile> files, string? repositoryOwner, RuleOptions options)
    {
        Files = files;
        RepositoryOwner = repositoryOwner;
        Options = options;
        foreach (var file in files)
        {
            _byPath[file.RelativePath] = file;
        }
    }

    public IReadOnlyList<PipelineFile> Files { get; }

    /// <summary>The GitHub owner of the repository's origin remote, when .git/config names one.</summary>
    public string? RepositoryOwner { get; }

    public RuleOptions Options { get; }

    /// <summary>Findings before severities and suppressions are applied, in reporting order.</summary>
    public List<(PipelineRuleDescriptor Rule, PipelineFile File, int Line, int Column, string Message)> Raw { get; } = new();

    /// <summary>Inputs of local reusable workflows / composite actions that a caller fills with attacker-controlled text.</summary>
    public Dictionary<string, Dictionary<string, string>> TaintedInputs { get; } = new(StringComparer.OrdinalIgnoreCase);

    public PipelineFile? FindFile(string relativePath) => _byPath.TryGetValue(relativePath, out var file) ? file : null;

    public void Report(PipelineRuleDescriptor rule, PipelineFile file, int line, int column, string message)
    {
        // One finding per rule and place, however many paths lead there.
        if (_reported.Add(rule.Id + "|" + file.RelativePath + "|" + line + "|" + column))
        {
            Raw.Add((rule, file, line, column, message));
        }
    }

    public void Report(PipelineRuleDescriptor rule, PipelineFile file, YamlNode node, string message) =>
        Report(rule, file, node.Line, node.Column, message);
}
