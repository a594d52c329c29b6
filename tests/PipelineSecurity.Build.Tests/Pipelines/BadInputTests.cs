using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

/// <summary>PSF7900: bad files give one coded warning each, never an exception or a hang.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void Invalid_yaml_is_one_warning_at_its_position()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/broken.yml", "on: push\njobs:\n  build:\n    runs-on: [ubuntu-latest\n    steps: []\n");

        var finding = Assert.Single(repo.Check());
        Assert.Equal("PSF7900", finding.RuleId);
        Assert.True(finding.Line >= 4);
        Assert.Contains("not valid YAML", finding.Message);
    }

    [Fact]
    public void Exponential_alias_bombs_are_read_in_linear_time_and_checked()
    {
        var yaml = new StringBuilder("on: push\nx0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (var i = 1; i < 40; i++)
        {
            yaml.Append($"x{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        yaml.Append("jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: contoso/tool@v1\n");
        using var repo = new PipelineTestRepository().With(".github/workflows/bomb.yml", yaml.ToString());

        var watch = Stopwatch.StartNew();
        var findings = repo.Check();
        watch.Stop();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), watch.Elapsed.ToString());
        Assert.Equal(new[] { "PSF7001" }, findings.Select(f => f.RuleId));
    }

    [Fact]
    public void Binary_huge_and_deeply_nested_files_give_one_warning_each()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/deep.yml", "on: push\nx: " + new string('[', 5000) + new string(']', 5000) + "\n")
            .With(".github/workflows/huge.yml", "on: push\n# " + new string('x', 3 * 1024 * 1024) + "\n");
        File.WriteAllBytes(Path.Combine(repo.Root, ".github", "workflows", "image.yml"), new byte[] { 0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0x0D });

        var findings = repo.Check();

        Assert.Equal(new[] { ".github/workflows/deep.yml", ".github/workflows/huge.yml", ".github/workflows/image.yml" }, findings.Select(f => f.RelativePath));
        Assert.All(findings, f => Assert.Equal("PSF7900", f.RuleId));
    }
}
