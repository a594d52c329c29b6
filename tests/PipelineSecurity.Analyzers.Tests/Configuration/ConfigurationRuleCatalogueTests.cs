using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Configuration;

/// <summary>
/// Every PSF2xxx rule is exported with one descriptor (by its code analyzer and, for settings that also live in configuration
/// files, by ConfigurationFileAnalyzer) and has its help link, docs page, README row and release row.
/// </summary>
public sealed class ConfigurationRuleCatalogueTests
{
    private static readonly DiagnosticDescriptor[] Descriptors = typeof(RuleIds).Assembly.GetTypes()
        .Where(t => t.Namespace?.StartsWith("PipelineSecurity.Analyzers.Configuration", StringComparison.Ordinal) == true
                    && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
        .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
        .ToArray();

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(RuleIds).GetFields().Where(f => f.IsLiteral && ((string)f.GetRawConstantValue()!).StartsWith("PSF2", StringComparison.Ordinal)))
        {
            data.Add((string)field.GetRawConstantValue()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_rule_is_exported_documented_and_tracked(string id)
    {
        var exported = Descriptors.Where(d => d.Id == id).ToArray();
        Assert.NotEmpty(exported);
        var descriptor = exported[0];
        Assert.All(exported, d => Assert.Same(descriptor, d));
        Assert.Equal("Security.Configuration", descriptor.Category);
        Assert.EndsWith("docs/rules/" + id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);

        var page = Path.Combine(TestReferences.RepoRoot, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"docs/rules/{id}.md is missing");
        var text = File.ReadAllText(page);
        Assert.StartsWith("# " + id + ": ", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## Cause", "## Rule description", "## How to fix", "// Bad", "// Good", "## Options", "## How to suppress" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }

        Assert.Contains($"[{id}](docs/rules/{id}.md)", File.ReadAllText(Path.Combine(TestReferences.RepoRoot, "README.md")), StringComparison.Ordinal);
        Assert.Contains(id + " | Security.Configuration | " + descriptor.DefaultSeverity,
            File.ReadAllText(Path.Combine(TestReferences.RepoRoot, "src", "PipelineSecurity.Analyzers", "AnalyzerReleases.Unshipped.md")), StringComparison.Ordinal);
    }
}
