using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests;

/// <summary>
/// The build-code catalogue meta-test: every code in <see cref="BuildDiagnosticIds"/> has one descriptor in
/// <see cref="BuildDiagnostics"/>, a docs page with the common skeleton whose header agrees with the descriptor, and a README row.
/// </summary>
public sealed class BuildDiagnosticsTests
{
    private static readonly string[] Sections = { "## Cause", "## Rule description", "## How to fix", "## Options", "## How to suppress" };

    public static TheoryData<string> Codes()
    {
        var data = new TheoryData<string>();
        foreach (var code in DeclaredCodes())
        {
            data.Add(code);
        }

        return data;
    }

    private static string[] DeclaredCodes() =>
        typeof(BuildDiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToArray();

    [Fact]
    public void The_catalogue_and_the_ids_list_the_same_codes_once_each()
    {
        var declared = DeclaredCodes();
        Assert.Equal(declared.Length, declared.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(declared.OrderBy(c => c, StringComparer.Ordinal), BuildDiagnostics.All.Select(d => d.Id));
        Assert.Equal(BuildDiagnostics.All.Count, BuildDiagnostics.All.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_code_has_a_complete_descriptor(string code)
    {
        var descriptor = BuildDiagnostics.Get(code);
        Assert.Matches("^PSF[0-9]{4}$", descriptor.Id);
        Assert.Matches("^[A-Z][A-Za-z0-9]+$", descriptor.Name);
        Assert.EndsWith(".", descriptor.Title);
        Assert.Equal(ExpectedCategory(code), descriptor.Category);
        Assert.Equal(HelpLinks.Base + code + ".md", descriptor.HelpLink);
        Assert.EndsWith("/docs/rules/" + code + ".md", descriptor.HelpLink, StringComparison.Ordinal);

        // The format is a valid composite format whose placeholders are numbered from 0 without gaps.
        var placeholders = Regex.Matches(descriptor.MessageFormat.Replace("{{", "").Replace("}}", ""), @"\{(\d+)(?:[,:][^}]*)?\}")
            .Cast<Match>().Select(m => int.Parse(m.Groups[1].Value)).Distinct().OrderBy(i => i).ToArray();
        Assert.Equal(Enumerable.Range(0, placeholders.Length), placeholders);
        var arguments = placeholders.Select(i => (object?)("argument" + i)).ToArray();
        var message = descriptor.FormatMessage(arguments);
        Assert.DoesNotContain("{", message.Replace("{{", ""));
        var failure = descriptor.Failure("file.json", arguments);
        Assert.Equal(code, failure.Code);
        Assert.Equal(message, failure.Message);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_code_has_a_docs_page_with_the_common_skeleton_and_a_readme_row(string code)
    {
        var descriptor = BuildDiagnostics.Get(code);
        var path = Path.Combine(TestPaths.RepoRoot, "docs", "rules", code + ".md");
        Assert.True(File.Exists(path), $"docs/rules/{code}.md is missing");
        var page = File.ReadAllText(path).Replace("\r\n", "\n");
        Assert.StartsWith("# " + code + ": ", page);
        Assert.Contains($"| **Id** | {code} |", page);
        Assert.Contains($"| **Category** | {descriptor.Category} |", page);
        Assert.Contains($"| **Default severity** | {descriptor.DefaultSeverity}", page);

        var at = -1;
        foreach (var section in Sections)
        {
            var next = page.IndexOf("\n" + section + "\n", StringComparison.Ordinal);
            Assert.True(next > at, $"docs/rules/{code}.md lacks '{section}' after the previous section");
            at = next;
        }

        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        Assert.Contains($"[{code}](docs/rules/{code}.md)", readme);
    }

    [Fact]
    public void Build_code_pages_spell_the_category_as_the_catalogue_does()
    {
        var categories = typeof(BuildDiagnosticCategories).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!).ToArray();
        foreach (var code in DeclaredCodes())
        {
            var page = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "rules", code + ".md"));
            var category = Regex.Match(page, @"\| \*\*Category\*\* \| ([^|]+) \|").Groups[1].Value;
            Assert.Contains(category, categories);
        }
    }

    private static string ExpectedCategory(string code) => code.Substring(0, 4) switch
    {
        "PSF0" => BuildDiagnosticCategories.Build,
        "PSF3" => BuildDiagnosticCategories.Sbom,
        "PSF5" => BuildDiagnosticCategories.Integrity,
        "PSF6" => BuildDiagnosticCategories.Policy,
        "PSF7" => BuildDiagnosticCategories.Pipelines,
        _ => throw new InvalidOperationException($"{code} is outside the build-code ranges"),
    };
}
