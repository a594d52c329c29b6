using System;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.Integrity.PackageCache;
using PipelineSecurity.Build.Pipelines;
using PipelineSecurity.Build.Pipelines.State;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

/// <summary>A no-op build takes the repository's files from the last walk while every folder keeps its stamp, and walks again on any change.</summary>
public sealed class RepositoryListingTests
{
    private const string Workflow = "on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: contoso/setup@v1\n";

    // A Helm values file with a storage account key: reported only inside a chart.
    private static readonly string HelmValuesWithSecret =
        "storage:\n  connectionString: DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=" + FakeCredentials.StorageAccountKey() + ";EndpointSuffix=core.windows.net\n";

    // Later than every folder the test made, by more than the settle margin: the stamps taken count as settled.
    private static DateTime Later => DateTime.UtcNow.AddMinutes(1);

    private static PipelineTestRepository Repository() => new PipelineTestRepository()
        .With(".github/workflows/ci.yml", Workflow)
        .With("src/App/App.csproj", "<Project />")
        .With("src/App/Program.cs", "class P {}")
        .With("deploy/k8s/notes.txt", "nothing to check")
        .With("docs/guide/index.md", "# guide");

    private static (PipelineCheckResult Result, int FoldersListed) Check(PipelineTestRepository repo, string cache, DateTime? now = null)
    {
        var before = RepositoryFiles.FoldersListedOnThisThread;
        var result = PipelineCheckRunner.CheckWithCache(repo.Root, cache, now ?? Later);
        return (result, RepositoryFiles.FoldersListedOnThisThread - before);
    }

    [Fact]
    public void A_no_op_build_lists_no_folder_and_reports_the_same_findings()
    {
        if (!FileChangeStamp.Supported)
        {
            return;
        }

        using var repo = Repository();
        using var state = new TemporaryDirectory();
        var cache = state.Combine("result.txt");

        var first = Check(repo, cache);
        var second = Check(repo, cache);

        Assert.Equal(PipelineCheckOutcome.Checked, first.Result.Outcome);
        Assert.True(first.FoldersListed >= 8, "the first check walks every folder");
        Assert.Equal(PipelineCheckOutcome.Unchanged, second.Result.Outcome);
        Assert.Equal(0, second.FoldersListed);
        Assert.Equal(first.Result.Findings.Select(f => f.ToString()), second.Result.Findings.Select(f => f.ToString()));
    }

    [Theory]
    [InlineData(".github/workflows/release.yml")]     // in a folder the walk listed
    [InlineData("deploy/k8s/Dockerfile")]              // deep in a folder holding nothing to check
    [InlineData("tools/build/new/Dockerfile")]        // in folders that did not exist
    public void A_file_to_check_added_anywhere_is_found_on_the_next_build(string added)
    {
        if (!FileChangeStamp.Supported)
        {
            return;
        }

        using var repo = Repository();
        using var state = new TemporaryDirectory();
        var cache = state.Combine("result.txt");
        Check(repo, cache);
        Check(repo, cache);

        repo.With(added, added.EndsWith("Dockerfile", StringComparison.Ordinal) ? "FROM alpine:3.20\nENV GITHUB_TOKEN=" + FakeCredentials.GitHubToken() + "\n" : Workflow);
        var next = Check(repo, cache);

        Assert.True(next.FoldersListed > 0);
        Assert.Equal(PipelineCheckOutcome.Checked, next.Result.Outcome);
        Assert.Contains(next.Result.Findings, f => f.RelativePath == added);
        Assert.Equal(0, Check(repo, cache).FoldersListed);
    }

    [Fact]
    public void A_renamed_workflow_with_its_times_put_back_is_found_under_its_new_name()
    {
        if (!FileChangeStamp.Supported)
        {
            return;
        }

        using var repo = Repository();
        using var state = new TemporaryDirectory();
        var cache = state.Combine("result.txt");
        Check(repo, cache);
        var workflows = Path.Combine(repo.Root, ".github", "workflows");
        var times = Directory.GetLastWriteTimeUtc(workflows);

        File.Move(Path.Combine(workflows, "ci.yml"), Path.Combine(workflows, "build.yaml"));
        Directory.SetLastWriteTimeUtc(workflows, times);
        var next = Check(repo, cache);

        Assert.True(next.FoldersListed > 0);
        Assert.Equal(".github/workflows/build.yaml", Assert.Single(next.Result.Findings).RelativePath);
    }

    [Fact]
    public void A_walk_over_folders_changed_within_the_settle_margin_is_not_replayed()
    {
        if (!FileChangeStamp.Supported)
        {
            return;
        }

        using var repo = Repository();
        using var state = new TemporaryDirectory();
        var cache = state.Combine("result.txt");

        // The folders were made just now: two changes in one tick of the file system's clock could share a time.
        Check(repo, cache, DateTime.UtcNow);
        var second = Check(repo, cache, DateTime.UtcNow);

        Assert.True(second.FoldersListed > 0);
        Assert.Equal(PipelineCheckOutcome.Unchanged, second.Result.Outcome);
    }

    [Fact]
    public void A_walk_through_a_linked_folder_is_not_replayed()
    {
        if (!FileChangeStamp.Supported)
        {
            return;
        }

        using var repo = Repository();
        using var target = new TemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(target.Path, ".github", "workflows"));
        Directory.CreateSymbolicLink(Path.Combine(repo.Root, "linked"), target.Path);
        using var state = new TemporaryDirectory();
        var cache = state.Combine("result.txt");
        Check(repo, cache);

        // A change in the link's target leaves every folder of the repository as it was.
        File.WriteAllText(Path.Combine(target.Path, "Dockerfile"), "FROM alpine:3.20\nENV GITHUB_TOKEN=" + FakeCredentials.GitHubToken() + "\n");
        var next = Check(repo, cache);

        Assert.True(next.FoldersListed > 0);
        Assert.Contains(next.Result.Findings, f => f.RelativePath == "linked/Dockerfile");
    }

    [Fact]
    public void A_values_file_at_the_root_watches_the_parent_for_its_chart()
    {
        if (!FileChangeStamp.Supported)
        {
            return;
        }

        using var outer = new TemporaryDirectory();
        var root = Path.Combine(outer.Path, "repo");
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        File.WriteAllText(Path.Combine(root, "values.yaml"), HelmValuesWithSecret);
        using var state = new TemporaryDirectory();
        var cache = state.Combine("result.txt");

        var before = PipelineCheckRunner.CheckWithCache(root, cache, Later);
        File.WriteAllText(Path.Combine(outer.Path, "Chart.yaml"), "apiVersion: v2\nname: app\nversion: 1.0.0\n");
        var listed = RepositoryFiles.FoldersListedOnThisThread;
        var after = PipelineCheckRunner.CheckWithCache(root, cache, Later);

        Assert.Empty(before.Findings);
        Assert.True(RepositoryFiles.FoldersListedOnThisThread > listed);
        Assert.Contains(after.Findings, f => f.RelativePath == "values.yaml");
    }

    [Fact]
    public void A_values_file_whose_chart_is_removed_is_no_longer_reported()
    {
        using var repo = Repository()
            .With("charts/api/Chart.yaml", "apiVersion: v2\nname: api\nversion: 0.1.0\n")
            .With("charts/api/values.yaml", HelmValuesWithSecret);
        using var state = new TemporaryDirectory();
        var cache = state.Combine("result.txt");
        var first = Check(repo, cache);

        // The values file itself is untouched: only what it is changed.
        File.Delete(Path.Combine(repo.Root, "charts", "api", "Chart.yaml"));
        var second = Check(repo, cache);

        Assert.Contains(first.Result.Findings, f => f.RelativePath == "charts/api/values.yaml");
        Assert.Equal(PipelineCheckOutcome.Checked, second.Result.Outcome);
        Assert.DoesNotContain(second.Result.Findings, f => f.RelativePath == "charts/api/values.yaml");
    }

    [Fact]
    public void A_values_file_beside_a_linked_chart_is_decided_by_a_walk_on_every_build()
    {
        if (!FileChangeStamp.Supported)
        {
            return;
        }

        using var repo = Repository().With("charts/api/values.yaml", HelmValuesWithSecret);
        using var outside = new TemporaryDirectory();
        var chart = outside.Combine("Chart.yaml");
        File.WriteAllText(chart, "apiVersion: v2\nname: api\nversion: 0.1.0\n");
        File.CreateSymbolicLink(Path.Combine(repo.Root, "charts", "api", "Chart.yaml"), chart);
        using var state = new TemporaryDirectory();
        var cache = state.Combine("result.txt");
        var first = Check(repo, cache);

        // The link's target goes, though the folder holding the link does not change: what the link means is the
        // file system's to say, so the check walks and concludes as a check without any cache would.
        File.Delete(chart);
        var second = Check(repo, cache);
        var uncached = Check(repo, state.Combine("fresh.txt"));

        Assert.Contains(first.Result.Findings, f => f.RelativePath == "charts/api/values.yaml");
        Assert.True(second.FoldersListed > 0);
        Assert.Equal(uncached.Result.Findings.Select(f => f.ToString()), second.Result.Findings.Select(f => f.ToString()));
    }

    [Fact]
    public void A_linked_workflow_is_checked_again_when_its_target_changes()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/README.md", "workflows");
        using var outside = new TemporaryDirectory();
        var target = outside.Combine("ci.yml");
        File.WriteAllText(target, Workflow);
        File.CreateSymbolicLink(Path.Combine(repo.Root, ".github", "workflows", "ci.yml"), target);
        using var state = new TemporaryDirectory();
        var cache = state.Combine("result.txt");
        var first = Check(repo, cache);

        // The link itself does not change: neither its folder nor its own times.
        File.WriteAllText(target, Workflow.Replace("contoso/setup@v1", "contoso/setup@0123456789abcdef0123456789abcdef01234567"));
        var second = Check(repo, cache);

        Assert.Equal("PSF7001", Assert.Single(first.Result.Findings).RuleId);
        Assert.Equal(PipelineCheckOutcome.Checked, second.Result.Outcome);
        Assert.Empty(second.Result.Findings);
    }

    [Fact]
    public void The_listing_survives_its_cache_file_and_a_damaged_one_costs_a_walk()
    {
        if (!FileChangeStamp.Supported)
        {
            return;
        }

        using var repo = Repository();
        using var state = new TemporaryDirectory();
        var cache = state.Combine("result.txt");
        Check(repo, cache);
        var read = CheckResultCache.Read(cache);
        Assert.NotNull(read?.Listing);
        Assert.Equal(
            RepositoryFiles.Find(repo.Root).Select(f => (f.FullPath, f.RelativePath, f.Kind, f.ScanSecrets)),
            read!.Listing!.Files.Select(f => (f.FullPath, f.RelativePath, f.Kind, f.ScanSecrets)));

        File.WriteAllText(cache, File.ReadAllText(cache).Replace("\nP\tGitHubWorkflow\t", "\nP\tNoSuchKind\t"));
        var next = Check(repo, cache);

        Assert.True(next.FoldersListed > 0);
        Assert.Equal(PipelineCheckOutcome.Checked, next.Result.Outcome);
        Assert.Equal("PSF7001", Assert.Single(next.Result.Findings).RuleId);
    }
}
