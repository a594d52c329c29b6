using System;
using System.Collections.Generic;

namespace PipelineSecurity.Build.Pipelines.Configuration;

/// <summary>
/// Per-file settings of the CI-definition rules, from the repository's <c>.editorconfig</c> sections that match the file
/// (<c>dotnet_diagnostic.PSF7001.severity = error</c>, <c>pipeline_security.PSF7001.allowed_owners = actions</c>), the
/// same keys the analyzers read for source files.
/// </summary>
internal sealed class RuleOptions
{
    private readonly EditorConfigFiles? _editorConfig;
    private readonly Dictionary<string, Dictionary<string, string>> _byFile = new(StringComparer.OrdinalIgnoreCase);

    public RuleOptions(EditorConfigFiles? editorConfig) => _editorConfig = editorConfig;

    public static RuleOptions None { get; } = new(null);

    public string? Get(PipelineFile file, string key)
    {
        var options = For(file);
        return options.TryGetValue(key, out var value) ? value : null;
    }

    public bool GetBool(PipelineFile file, string key, bool defaultValue)
    {
        var value = Get(file, key);
        return value is null ? defaultValue : string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A comma-separated list; "none" or an empty value is an empty list.</summary>
    public IReadOnlyList<string> GetList(PipelineFile file, string key, IReadOnlyList<string> defaultValue)
    {
        var value = Get(file, key);
        if (value is null)
        {
            return defaultValue;
        }

        var items = new List<string>();
        foreach (var item in value.Split(','))
        {
            var trimmed = item.Trim();
            if (trimmed.Length > 0 && !string.Equals(trimmed, "none", StringComparison.OrdinalIgnoreCase))
            {
                items.Add(trimmed);
            }
        }

        return items;
    }

    public PipelineSeverity SeverityOf(PipelineRuleDescriptor rule, PipelineFile file)
    {
        var value = Get(file, "dotnet_diagnostic." + rule.Id.ToLowerInvariant() + ".severity");
        return value?.Trim().ToLowerInvariant() switch
        {
            "error" => PipelineSeverity.Error,
            "warning" => PipelineSeverity.Warning,
            "suggestion" => PipelineSeverity.Suggestion,
            "silent" => PipelineSeverity.Silent,
            "none" => PipelineSeverity.None,
            _ => rule.DefaultSeverity,
        };
    }

    private Dictionary<string, string> For(PipelineFile file)
    {
        if (!_byFile.TryGetValue(file.FullPath, out var options))
        {
            options = _editorConfig?.OptionsFor(file.FullPath) ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            _byFile[file.FullPath] = options;
        }

        return options;
    }
}
