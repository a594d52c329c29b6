using System;
using System.Collections.Generic;
using System.Linq;

namespace PipelineSecurity.Build.CodeScanning;

/// <summary>
/// The build-code catalogue as SARIF rules: each descriptor's name and title, the first paragraph of its page's "Rule
/// description" as the full description, and its tags (the category's name when it declares none). Codes about a
/// security weakness carry "security" and its CWE id, and so a security-severity; licence and housekeeping codes do not.
/// </summary>
internal static class BuildRules
{
    private static readonly Lazy<IReadOnlyList<CodeScanningRule>> Rules = new(() => BuildDiagnostics.All.Select(ToRule).ToArray());

    public static IReadOnlyList<CodeScanningRule> All => Rules.Value;

    private static CodeScanningRule ToRule(BuildDiagnosticDescriptor descriptor) =>
        new(descriptor.Id, descriptor.Name, descriptor.Title, RuleDescription(descriptor.Id) ?? descriptor.Title, descriptor.HelpLink)
        {
            Tags = descriptor.Tags.Count > 0 ? descriptor.Tags : new[] { CategoryTag(descriptor.Category) },
            DefaultLevel = descriptor.DefaultSeverity switch
            {
                BuildDiagnosticSeverity.Error => FindingLevel.Error,
                BuildDiagnosticSeverity.Warning => FindingLevel.Warning,
                _ => FindingLevel.Note,
            },
        };

    private static string CategoryTag(string category) =>
        (category.StartsWith("Security.", StringComparison.Ordinal) ? category.Substring("Security.".Length) : category).ToLowerInvariant();

    /// <summary>The first paragraph under "## Rule description" of the code's page, on one line.</summary>
    public static string? RuleDescription(string id)
    {
        var page = RuleHelp.Markdown(id);
        var start = page?.IndexOf("## Rule description", StringComparison.Ordinal) ?? -1;
        if (start < 0)
        {
            return null;
        }

        var paragraphs = page!.Substring(start + "## Rule description".Length).Split(new[] { "\n\n" }, StringSplitOptions.RemoveEmptyEntries);
        var first = paragraphs.Select(p => p.Trim()).FirstOrDefault(p => p.Length > 0 && !p.StartsWith("#", StringComparison.Ordinal));
        return first?.Replace("\n", " ");
    }
}
