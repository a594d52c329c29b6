using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using PipelineSecurity.Build.CodeScanning;
using PipelineSecurity.Build.CodeScanning.Baseline;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.CodeScanning;

public sealed class BaselineTests
{
    private static readonly SourceRoot Root = new("/repo");

    private static ScanFinding Finding(string rule, string file, string fingerprint) =>
        new(rule, FindingLevel.Warning, "m", file, 3, 1) { Fingerprint = fingerprint };

    [Fact]
    public void Written_files_are_sorted_deduplicated_stable_and_read_back()
    {
        var entries = new[]
        {
            new BaselineEntry("b/B.csproj", "PSF2001", "b/x.cs", "ff:1"),
            new BaselineEntry("a/A.csproj", "PSF1001", "a/z.cs", "01:1"),
            new BaselineEntry("a/A.csproj", "PSF1001", "a/b.cs", "02:1"),
            new BaselineEntry("a/A.csproj", "PSF1001", "a/b.cs", "02:1"),
        };

        var bytes = BaselineFile.Write(entries);

        Assert.Equal(bytes, BaselineFile.Write(entries.Reverse()));
        var read = BaselineFile.Parse(bytes, "baseline.json");
        Assert.Equal(new[] { "a/b.cs", "a/z.cs", "b/x.cs" }, read.Select(e => e.Path));
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("\"version\": 1", text);
        Assert.Equal(3, text.Split('\n').Count(l => l.Contains("\"fingerprint\"")));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{ \"version\": 2, \"findings\": [] }")]
    [InlineData("{ \"version\": 1 }")]
    [InlineData("{ \"version\": 1, \"findings\": [ { \"project\": \"p\", \"rule\": \"PSF1001\", \"path\": \"a.cs\" } ] }")]
    public void A_damaged_baseline_is_PSF6020_naming_the_file(string content)
    {
        var failure = Assert.Throws<BuildDiagnosticException>(() => BaselineFile.Parse(Encoding.UTF8.GetBytes(content), "/repo/pipeline-security.baseline.json"));

        Assert.Equal("PSF6020", failure.Code);
        Assert.Equal("/repo/pipeline-security.baseline.json", failure.File);
        Assert.Contains("-p:PipelineSecurityBaselineUpdate=true", failure.Message);
    }

    [Fact]
    public void Matched_findings_are_suppressed_and_unmatched_entries_are_stale()
    {
        var baseline = new[]
        {
            new BaselineEntry("App/App.csproj", "PSF1001", "App/Keys.cs", "aa:1"),
            new BaselineEntry("App/App.csproj", "PSF2001", "App/Http.cs", "bb:1"),
            new BaselineEntry("Other/Other.csproj", "PSF2001", "Other/Http.cs", "cc:1"),
        };
        var findings = new[] { Finding("PSF1001", "/repo/App/Keys.cs", "aa:1"), Finding("PSF2010", "/repo/App/Hash.cs", "dd:1"), Finding("PSF1001", "/repo/App/Moved.cs", "aa:1") };

        var outcome = BaselineMatcher.Apply(findings, baseline, "App/App.csproj", Root, "pipeline-security.baseline.json", update: false, shrinkOnly: false);

        Assert.Equal(FindingSuppression.Baseline, outcome.Findings[0].Suppression?.Source);
        Assert.Contains("pipeline-security.baseline.json", outcome.Findings[0].Suppression!.Justification);
        Assert.Null(outcome.Findings[1].Suppression);
        Assert.Null(outcome.Findings[2].Suppression);
        Assert.Equal(new[] { "App/Http.cs" }, outcome.Stale.Select(e => e.Path));
    }

    [Fact]
    public void Findings_excused_otherwise_or_never_baselinable_get_no_entry()
    {
        var findings = new[]
        {
            Finding("PSF6003", "/repo/pipeline-security.json", "aa:1") with { Suppression = new FindingSuppression(FindingSuppression.PolicyException, "legal") },
            Finding("PSF6007", "/repo/pipeline-security.json", "bb:1") with { Baselinable = false },
            Finding("PSF2001", "/repo/App/Http.cs", "cc:1"),
        };

        var outcome = BaselineMatcher.Apply(findings, Array.Empty<BaselineEntry>(), "App/App.csproj", Root, "b.json", update: true, shrinkOnly: false);

        Assert.Equal(new[] { "PSF2001" }, outcome.Entries.Select(e => e.Rule));
        Assert.Null(outcome.Findings[1].Suppression);
        Assert.Equal(FindingSuppression.Baseline, outcome.Findings[2].Suppression?.Source);
    }

    [Fact]
    public void A_shrink_only_update_drops_fixed_entries_and_adds_no_new_one()
    {
        var baseline = new[] { new BaselineEntry("App/App.csproj", "PSF1001", "App/Keys.cs", "aa:1"), new BaselineEntry("App/App.csproj", "PSF2001", "App/Http.cs", "bb:1") };
        var findings = new[] { Finding("PSF1001", "/repo/App/Keys.cs", "aa:1"), Finding("PSF2010", "/repo/App/Hash.cs", "dd:1") };

        var outcome = BaselineMatcher.Apply(findings, baseline, "App/App.csproj", Root, "b.json", update: true, shrinkOnly: true);

        Assert.Equal(new[] { "aa:1" }, outcome.Entries.Select(e => e.Fingerprint));
        Assert.Equal("PSF2010", Assert.Single(outcome.NotAdded).RuleId);
        Assert.Null(outcome.Findings[1].Suppression);
        Assert.Empty(outcome.Stale);
    }

    [Fact]
    public void Parallel_updates_by_many_projects_keep_every_project_entries_and_a_valid_file()
    {
        using var folder = new TemporaryDirectory();
        var path = folder.Combine("pipeline-security.baseline.json");
        BaselineFile.Update(path, "Old/Old.csproj", new[] { new BaselineEntry("Old/Old.csproj", "PSF1001", "Old/a.cs", "00:1") });

        Parallel.For(0, 12, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i =>
        {
            var project = $"P{i:00}/P{i:00}.csproj";
            BaselineFile.Update(path, project, Enumerable.Range(0, 20).Select(n => new BaselineEntry(project, "PSF2001", $"P{i:00}/f{n}.cs", $"{n:x2}:1")));
        });
        BaselineFile.Update(path, "Old/Old.csproj", Array.Empty<BaselineEntry>());

        var entries = BaselineFile.Read(path);
        Assert.Equal(12 * 20, entries.Count);
        Assert.Equal(12, entries.Select(e => e.Project).Distinct().Count());
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }
}
