namespace PipelineSecurity.Build.Pipelines;

/// <summary>One finding in a repository file. Messages never contain a secret's value (only its redacted form).</summary>
internal sealed class PipelineFinding
{
    public PipelineFinding(string ruleId, string relativePath, int line, int column, string message, PipelineSeverity severity)
    {
        RuleId = ruleId;
        RelativePath = relativePath;
        Line = line;
        Column = column;
        Message = message;
        Severity = severity;
    }

    public string RuleId { get; }

    /// <summary>Path from the repository root, '/'-separated.</summary>
    public string RelativePath { get; }

    public int Line { get; }

    public int Column { get; }

    public string Message { get; }

    /// <summary>The effective severity (defaults, then .editorconfig).</summary>
    public PipelineSeverity Severity { get; }

    public override string ToString() => $"{RelativePath}({Line},{Column}): {RuleId}: {Message}";
}
