namespace PipelineSecurity;

/// <summary>
/// Where every rule and build code is documented: docs/rules/&lt;ID&gt;.md. Declared once, here, and compiled into both the
/// analyzer assembly and the build task assembly (linked by PipelineSecurity.Build.csproj), so the two cannot drift.
/// </summary>
internal static class HelpLinks
{
    public const string Base = "https://github.com/pipeline-security/PipelineSecurity.Analyzers/blob/main/docs/rules/";

    public static string For(string id) => Base + id + ".md";
}
