namespace PipelineSecurity.Analyzers.Infrastructure;

/// <summary>The .editorconfig and MSBuild keys the analyzers read.</summary>
internal static class AnalyzerOptionKeys
{
    /// <summary>Prefix of every .editorconfig option: <c>pipeline_security.&lt;key&gt;</c> or <c>pipeline_security.&lt;ID&gt;.&lt;key&gt;</c>.</summary>
    public const string Prefix = "pipeline_security.";

    /// <summary>Set to true to scan generated code (e.g. Settings.Designer.cs) as well.</summary>
    public const string AnalyzeGeneratedCode = Prefix + "analyze_generated_code";
}
