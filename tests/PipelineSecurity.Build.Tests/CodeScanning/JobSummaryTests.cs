using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using PipelineSecurity.Build.CodeScanning;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.CodeScanning;

public sealed class JobSummaryTests
{
    private static readonly SourceRoot Root = new("/repo");

    [Theory]
    [InlineData("true", "/tmp/summary", null, nameof(CiSystem.GitHubActions))]
    [InlineData("true", null, null, nameof(CiSystem.None))]
    [InlineData(null, null, "True", nameof(CiSystem.AzurePipelines))]
    [InlineData("false", "/tmp/summary", "false", nameof(CiSystem.None))]
    [InlineData(null, null, null, nameof(CiSystem.None))]
    public void The_CI_is_told_by_its_variables(string? actions, string? summary, string? tfBuild, string expected) =>
        Assert.Equal(Enum.Parse<CiSystem>(expected), JobSummary.Detect(new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = actions, ["GITHUB_STEP_SUMMARY"] = summary, ["TF_BUILD"] = tfBuild }));

    [Fact]
    public void The_summary_counts_by_source_lists_open_failures_with_rule_links_and_names_the_outputs()
    {
        var findings = new[]
        {
            new ScanFinding("PSF1001", FindingLevel.Error, "Private key | hard-coded <here>\nrotate it", "/repo/src/Keys.cs", 10, 42) { PolicyCode = "PSF6006" },
            new ScanFinding("PSF2001", FindingLevel.Warning, "accepts every certificate", "/repo/src/Http.cs", 3, 1),
            new ScanFinding("PSF1005", FindingLevel.Note, "maybe a secret", "/repo/src/Config.cs", 1, 1),
            new ScanFinding("PSF6005", FindingLevel.Error, "vulnerable", "/repo/src/App.csproj", 0, 0) { Source = Sources.Policy, Suppression = new FindingSuppression(FindingSuppression.Baseline, "known") },
        };

        var markdown = JobSummary.Markdown("App (Release)", findings, Root, new[] { ("SARIF", "/repo/src/bin/pipeline-security.sarif"), ("SBOM", "/repo/src/bin/sbom.cdx.json") });

        Assert.StartsWith("### PipelineSecurity: App (Release)\n", markdown);
        Assert.Contains("| analyzer | 1 | 1 | 1 | 0 |", markdown);
        Assert.Contains("| policy | 0 | 0 | 0 | 1 |", markdown);
        Assert.Contains("Suppressed: 1 by baseline.", markdown);
        Assert.Contains("- **error** [PSF1001](https://github.com/pipeline-security/PipelineSecurity.Analyzers/blob/main/docs/rules/PSF1001.md) ([PSF6006](", markdown);
        Assert.Contains("`src/Keys.cs:10`: Private key \\| hard-coded &lt;here&gt; rotate it", markdown);
        Assert.DoesNotContain("maybe a secret", markdown);
        Assert.DoesNotContain("vulnerable", markdown);
        Assert.Contains("SARIF: `src/bin/pipeline-security.sarif` · SBOM: `src/bin/sbom.cdx.json`", markdown);
    }

    [Fact]
    public void Parallel_projects_append_whole_summaries()
    {
        using var folder = new TemporaryDirectory();
        var file = folder.Combine("step_summary.md");
        var block = "### PipelineSecurity: P{0}\n\n" + string.Join("", Enumerable.Range(0, 200).Select(i => $"- line {i} of P{{0}}\n")) + "\n";

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => JobSummary.AppendToGitHubSummary(file, string.Format(System.Globalization.CultureInfo.InvariantCulture, block, i)));

        var text = File.ReadAllText(file);
        var sections = text.Split("### PipelineSecurity: ").Where(s => s.Length > 0).ToArray();
        Assert.Equal(8, sections.Length);
        Assert.All(sections, s =>
        {
            var project = s.Substring(0, s.IndexOf('\n'));
            Assert.Equal(200, s.Split('\n').Count(l => l.EndsWith(" of " + project)));
        });
    }

    [Fact]
    public void The_Azure_command_names_the_file()
    {
        Assert.Equal("##vso[task.uploadsummary]" + Path.GetFullPath("/repo/out/s.md"), JobSummary.AzureUploadCommand("/repo/out/s.md"));
    }
}
