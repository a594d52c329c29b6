using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PipelineSecurity.Analyzers.Infrastructure;

internal static class AnalyzerOptionsExtensions
{
    /// <summary>Reads a boolean .editorconfig option for the file, falling back to <paramref name="defaultValue"/>.</summary>
    public static bool GetBool(this AnalyzerOptions options, SyntaxTree tree, string key, bool defaultValue)
    {
        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        return config.TryGetValue(key, out var text) && bool.TryParse(text.Trim(), out var value) ? value : defaultValue;
    }

    /// <summary>Reads an integer .editorconfig option for the file, falling back to <paramref name="defaultValue"/>.</summary>
    public static int GetInt(this AnalyzerOptions options, SyntaxTree tree, string key, int defaultValue)
    {
        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        return config.TryGetValue(key, out var text)
               && int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : defaultValue;
    }

    /// <summary>Reads a 64-bit integer .editorconfig option for the file, falling back to <paramref name="defaultValue"/>.</summary>
    public static long GetLong(this AnalyzerOptions options, SyntaxTree tree, string key, long defaultValue)
    {
        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        return config.TryGetValue(key, out var text)
               && long.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : defaultValue;
    }

    /// <summary>Generated code is skipped unless the user opts in with <see cref="AnalyzerOptionKeys.AnalyzeGeneratedCode"/>.</summary>
    public static bool ShouldSkipGeneratedCode(this AnalyzerOptions options, SyntaxTree tree, bool isGeneratedCode) =>
        isGeneratedCode && !options.GetBool(tree, AnalyzerOptionKeys.AnalyzeGeneratedCode, defaultValue: false);
}
