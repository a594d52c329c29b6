using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests;

/// <summary>Meta-tests instead of hand-kept lists: every rule the analyzers export is documented and tracked.</summary>
public sealed class RuleCatalogueTests
{
    private static readonly DiagnosticDescriptor[] Rules = typeof(RuleIds).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
        .GroupBy(d => d.Id)
        .Select(g => g.First())
        .ToArray();

    public static TheoryData<string> RuleIdsInUse()
    {
        var data = new TheoryData<string>();
        foreach (var rule in Rules)
        {
            data.Add(rule.Id);
        }

        return data;
    }

    [Fact]
    public void Every_analyzer_is_exported_for_csharp_and_every_id_is_a_catalogue_constant()
    {
        var constants = typeof(RuleIds).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToHashSet();

        Assert.NotEmpty(Rules);
        Assert.All(Rules, rule => Assert.Contains(rule.Id, constants));
        Assert.Equal(constants.Count, constants.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(RuleIdsInUse))]
    public void Each_rule_has_its_help_link_docs_page_readme_row_and_release_entry(string id)
    {
        var rule = Rules.Single(r => r.Id == id);
        var root = TestReferences.RepoRoot;

        Assert.Equal(DiagnosticDescriptors.HelpLinkBase + id + ".md", rule.HelpLinkUri);
        var page = Path.Combine(root, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"docs/rules/{id}.md is missing");
        Assert.StartsWith("# " + id + ": ", File.ReadAllText(page));
        Assert.Contains($"[{id}](docs/rules/{id}.md)", File.ReadAllText(Path.Combine(root, "README.md")));
        var releases = File.ReadAllText(Path.Combine(root, "src", "PipelineSecurity.Analyzers", "AnalyzerReleases.Unshipped.md"))
            + File.ReadAllText(Path.Combine(root, "src", "PipelineSecurity.Analyzers", "AnalyzerReleases.Shipped.md"));
        Assert.Contains(id + " |", releases);
        Assert.False(string.IsNullOrWhiteSpace(rule.Description.ToString()), $"{id} has no description");
    }

    [Theory]
    [MemberData(nameof(RuleIdsInUse))]
    public void Each_rule_is_tagged_security_with_its_cwe_for_code_scanning(string id)
    {
        var tags = Rules.Single(r => r.Id == id).CustomTags.ToArray();

        Assert.Contains("security", tags);
        Assert.Single(tags, tag => System.Text.RegularExpressions.Regex.IsMatch(tag, "^external/cwe/cwe-[0-9]+$"));
    }
}
