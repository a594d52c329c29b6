using System.IO;
using System.Linq;
using System.Reflection;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests;

/// <summary>Every code a task can log has its docs page and its row in the README's list.</summary>
public sealed class DiagnosticDocumentationTests
{
    public static TheoryData<string> Codes()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(BuildDiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
                     .Where(f => f.IsLiteral && f.Name != nameof(BuildDiagnosticIds.HelpLinkBase)))
        {
            data.Add((string)field.GetRawConstantValue()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_code_has_a_docs_page_and_a_readme_row(string code)
    {
        var page = Path.Combine(TestPaths.RepoRoot, "docs", "rules", code + ".md");
        Assert.True(File.Exists(page), $"docs/rules/{code}.md is missing");
        Assert.StartsWith("# " + code, File.ReadAllText(page));
        Assert.Contains($"[{code}](docs/rules/{code}.md)", File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md")));
    }
}
