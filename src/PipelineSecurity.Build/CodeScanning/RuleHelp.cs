using System.IO;
using System.Text;

namespace PipelineSecurity.Build.CodeScanning;

/// <summary>The rule pages of docs/rules, embedded in the task assembly, as the Markdown help of the SARIF rules.</summary>
internal static class RuleHelp
{
    /// <summary>The page of <paramref name="ruleId"/>, or null when the package has none.</summary>
    public static string? Markdown(string ruleId)
    {
        using var stream = typeof(RuleHelp).Assembly.GetManifestResourceStream("docs/rules/" + ruleId + ".md");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }
}
