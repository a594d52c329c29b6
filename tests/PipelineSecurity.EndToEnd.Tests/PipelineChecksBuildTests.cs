using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PipelineSecurity.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.EndToEnd.Tests;

/// <summary>The repository-level check of CI definitions (PSF7xxx) in real parallel builds of the sample's solution.</summary>
[Collection(PackageCollection.Name)]
public sealed class PipelineChecksBuildTests
{
    private static readonly Regex Finding = new(@"\.github[\\/]workflows[\\/]ci\.yml\((\d+),(\d+)\): warning (PSF\d{4}): ([^\r\n]*)");
    private readonly PackageFixture _package;

    public PipelineChecksBuildTests(PackageFixture package) => _package = package;

    [Fact]
    public void A_parallel_solution_build_reports_the_workflow_finding_once_and_again_once_when_nothing_changed()
    {
        using var sample = ConsumerWorkspace.CopyOfSample(_package);
        var state = sample.PathOf("state");
        var expectedLine = File.ReadAllLines(sample.PathOf(".github", "workflows", "ci.yml")).ToList().FindIndex(l => l.Contains("contoso-tools/build-summary@v2")) + 1;

        foreach (var round in new[] { "first", "no-op" })
        {
            var build = sample.Build("ContosoShop.sln", "-m:2", "-p:PipelineSecurityStateDirectory=" + state);

            Assert.True(build.ExitCode == 0, build.ToString());

            // What the projects logged, before the console logger repeats every warning in its closing summary.
            var logged = build.Output.Substring(0, build.Output.IndexOf("Build succeeded.", System.StringComparison.Ordinal));
            var findings = Finding.Matches(logged).Cast<Match>().ToList();
            var finding = Assert.Single(findings);
            Assert.Equal((expectedLine.ToString(), "15", "PSF7001"), (finding.Groups[1].Value, finding.Groups[2].Value, finding.Groups[3].Value));
            Assert.Contains("pin the full commit SHA", finding.Groups[4].Value);
            Assert.Contains("/docs/rules/PSF7001.md", finding.Groups[4].Value);
            Assert.Single(Regex.Matches(logged, @"warning PSF7\d{3}:"));
        }

        // A workflow added in a folder of its own: the repository's folders moved, so the check walks and finds it.
        sample.WriteFile(".github/workflows/release/notes.md", "release notes");
        sample.WriteFile(".github/workflows/release.yml", "on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: contoso-tools/publish@v1\n");
        var added = sample.Build("ContosoShop.sln", "-m:2", "-p:PipelineSecurityStateDirectory=" + state);
        Assert.True(added.ExitCode == 0, added.ToString());
        var addedLog = added.Output.Substring(0, added.Output.IndexOf("Build succeeded.", System.StringComparison.Ordinal));
        Assert.Equal(2, Regex.Matches(addedLog, @"warning PSF7001:").Count);
        Assert.Contains("release.yml(7,15)", addedLog);
    }
}
