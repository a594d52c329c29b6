using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Docs;

/// <summary>
/// Every rule page (docs/rules/PSFxxxx.md, analyzer rules and build codes alike) has the common skeleton and, under its
/// title, a "Source:" line linking exactly the files that report the code: for an analyzer rule the analyzers that use
/// its descriptor, for a build code the files that use its catalogue entry or id. Pages cannot drift from the code.
/// </summary>
public sealed class RulePagesTests
{
    private static readonly string Root = TestPaths.RepoRoot;

    private static readonly string[] HeaderRows = { "Id", "Category", "Default severity", "Code fix", "Configurable" };

    private static readonly string[] Sections = { "## Cause", "## Rule description", "## How to fix", "## Options", "## How to suppress" };

    private static readonly Lazy<Dictionary<string, string>> SourceTexts = new(() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .ToDictionary(f => Path.GetRelativePath(Root, f).Replace('\\', '/'), File.ReadAllText));

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var id in DeclaredIds().Keys.OrderBy(i => i, StringComparer.Ordinal))
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void Every_page_is_for_a_declared_id_and_every_id_has_a_page()
    {
        var pages = Directory.GetFiles(Path.Combine(Root, "docs", "rules"), "PSF*.md").Select(Path.GetFileNameWithoutExtension).OrderBy(p => p, StringComparer.Ordinal);

        Assert.Equal(DeclaredIds().Keys.OrderBy(i => i, StringComparer.Ordinal), pages);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_page_has_the_common_skeleton(string id)
    {
        var lines = File.ReadAllLines(PagePath(id));

        Assert.Matches("^# " + id + ": \\S", lines[0]);
        Assert.StartsWith("Source: ", lines[2], StringComparison.Ordinal);
        Assert.Equal("| | |", lines[4]);
        Assert.Equal("| --- | --- |", lines[5]);
        Assert.Equal(HeaderRows.Select(r => "**" + r + "**"), lines.Skip(6).Take(HeaderRows.Length).Select(l => l.Split('|')[1].Trim()));
        Assert.Equal("| **Id** | " + id + " |", lines[6]);
        Assert.Equal(Sections, lines.Where(l => l.StartsWith("## ", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_source_line_links_exactly_the_files_that_report_the_code(string id)
    {
        var sourceLine = File.ReadAllLines(PagePath(id)).FirstOrDefault(l => l.StartsWith("Source: ", StringComparison.Ordinal)) ?? "";
        var links = Regex.Matches(sourceLine, @"\[([^\]]+)\]\(\.\./\.\./([^)]+)\)").Select(m => (Text: m.Groups[1].Value, Path: m.Groups[2].Value)).ToArray();
        var reporters = Reporters(id);

        Assert.NotEmpty(reporters);
        Assert.True(
            reporters.SequenceEqual(links.Select(l => l.Path)),
            $"docs/rules/{id}.md: the line under the title should be\nSource: {string.Join(", ", reporters.Select(r => $"[{Path.GetFileName(r)}](../../{r})"))}\nnot\n{sourceLine}");
        Assert.All(links, l => Assert.Equal(Path.GetFileName(l.Path), l.Text));
    }

    /// <summary>The files that report <paramref name="id"/>, relative to the repository, in ordinal order.</summary>
    private static string[] Reporters(string id)
    {
        var (kind, constant) = DeclaredIds()[id];
        if (kind == "analyzer")
        {
            var descriptor = Field(Text("src/PipelineSecurity.Analyzers/DiagnosticDescriptors.cs"), @"DiagnosticDescriptor (\w+) = Create\(\s*RuleIds\." + constant + @"\b");
            return SourceTexts.Value
                .Where(f => f.Key.EndsWith("Analyzer.cs", StringComparison.Ordinal) && Regex.IsMatch(f.Value, @"\bDiagnosticDescriptors\." + descriptor + @"\b"))
                .Select(f => f.Key).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        }

        var entry = Field(Text("src/PipelineSecurity.Build/BuildDiagnostics.cs"), @"BuildDiagnosticDescriptor (\w+) = new\(\s*BuildDiagnosticIds\." + constant + @"\b");
        return SourceTexts.Value
            .Where(f => !f.Key.EndsWith("/BuildDiagnostics.cs", StringComparison.Ordinal) && !f.Key.EndsWith("/BuildDiagnosticIds.cs", StringComparison.Ordinal))
            .Where(f => Regex.IsMatch(f.Value, @"\bBuildDiagnostics\." + entry + @"\b") || Regex.IsMatch(f.Value, @"\bBuildDiagnosticIds\." + constant + @"\b"))
            .Select(f => f.Key).OrderBy(f => f, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every id: analyzer rules from RuleIds.cs, build codes from BuildDiagnosticIds.cs (kind, constant name).</summary>
    private static Dictionary<string, (string Kind, string Constant)> DeclaredIds()
    {
        var ids = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var (kind, file) in new[] { ("analyzer", "src/PipelineSecurity.Analyzers/RuleIds.cs"), ("build", "src/PipelineSecurity.Build/BuildDiagnosticIds.cs") })
        {
            foreach (Match match in Regex.Matches(Text(file), @"public const string (\w+) = ""(PSF\d{4})"""))
            {
                ids.Add(match.Groups[2].Value, (kind, match.Groups[1].Value));
            }
        }

        return ids;
    }

    private static string Field(string text, string pattern)
    {
        var match = Regex.Match(text, pattern);
        Assert.True(match.Success, "no catalogue entry matches " + pattern);
        return match.Groups[1].Value;
    }

    private static string Text(string relativePath) => SourceTexts.Value.TryGetValue(relativePath, out var text) ? text : File.ReadAllText(Path.Combine(Root, relativePath));

    private static string PagePath(string id) => Path.Combine(Root, "docs", "rules", id + ".md");
}
