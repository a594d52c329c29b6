using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using PipelineSecurity.Build.Pipelines;
using PipelineSecurity.Build.Pipelines.State;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

/// <summary>Once per solution build (the claim) and nothing re-read on a no-op build (the stamp and content key).</summary>
public sealed class PipelineCheckRunnerTests
{
    private const string Workflow = "on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: contoso/setup@v1\n";

    [Fact]
    public void Of_many_projects_claiming_in_parallel_exactly_one_owns_the_solution_and_keeps_it()
    {
        using var state = new TemporaryDirectory();
        var projects = Enumerable.Range(0, 8).Select(i => state.Combine("p" + i + ".csproj")).ToArray();
        foreach (var project in projects)
        {
            File.WriteAllText(project, "<Project />");
        }

        var folder = SolutionBuildClaim.StateFolder(state.Path, "/repo", "/repo/app.sln");
        var owners = new bool[projects.Length];
        Parallel.For(0, projects.Length, i => owners[i] = SolutionBuildClaim.TryClaim(folder, projects[i] + "|net8.0", projects[i], "fingerprint", TimeSpan.FromSeconds(30)));

        var owner = Assert.Single(Enumerable.Range(0, projects.Length), i => owners[i]);
        Assert.All(Enumerable.Range(0, projects.Length), i => Assert.Equal(i == owner, SolutionBuildClaim.TryClaim(folder, projects[i] + "|net8.0", projects[i], "fingerprint", TimeSpan.FromSeconds(30))));

        // The owner project disappears: the next project to build takes over.
        File.Delete(projects[owner]);
        var next = (owner + 1) % projects.Length;
        Assert.True(SolutionBuildClaim.TryClaim(folder, projects[next] + "|net8.0", projects[next], "fingerprint", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_fifo_in_place_of_the_claim_is_never_waited_on_and_is_replaced_by_a_real_claim()
    {
        if (!HostileFiles.HasFifos)
        {
            return;
        }

        using var state = new TemporaryDirectory();
        var project = state.Combine("app.csproj");
        File.WriteAllText(project, "<Project />");
        var folder = SolutionBuildClaim.StateFolder(state.Path, "/repo", "/repo/app.sln");
        Directory.CreateDirectory(folder);
        HostileFiles.MakeFifo(Path.Combine(folder, "claim.txt"));

        var claim = System.Threading.Tasks.Task.Run(() => SolutionBuildClaim.TryClaim(folder, project + "|net8.0", project, "fingerprint", TimeSpan.FromSeconds(30)));

        Assert.Same(claim, await System.Threading.Tasks.Task.WhenAny(claim, System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(60))));
        Assert.True(await claim);
        Assert.False(SolutionBuildClaim.TryClaim(folder, state.Combine("other.csproj") + "|net8.0", state.Combine("other.csproj"), "fingerprint", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void The_owner_rechecks_only_what_changed_and_reports_cached_findings_on_a_no_op_build()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/ci.yml", Workflow);
        using var state = new TemporaryDirectory();
        var cache = state.Combine("result.txt");

        var first = PipelineCheckRunner.CheckWithCache(repo.Root, cache);
        var second = PipelineCheckRunner.CheckWithCache(repo.Root, cache);
        File.SetLastWriteTimeUtc(Path.Combine(repo.Root, ".github", "workflows", "ci.yml"), DateTime.UtcNow.AddMinutes(1));
        var touched = PipelineCheckRunner.CheckWithCache(repo.Root, cache);
        repo.With(".github/workflows/ci.yml", Workflow.Replace("contoso/setup@v1", "contoso/setup@0123456789abcdef0123456789abcdef01234567"));
        var fixedUp = PipelineCheckRunner.CheckWithCache(repo.Root, cache);

        Assert.Equal(
            new[] { PipelineCheckOutcome.Checked, PipelineCheckOutcome.Unchanged, PipelineCheckOutcome.SameContent, PipelineCheckOutcome.Checked },
            new[] { first.Outcome, second.Outcome, touched.Outcome, fixedUp.Outcome });
        Assert.Equal(first.Findings.Select(f => f.ToString()), second.Findings.Select(f => f.ToString()));
        Assert.Equal(first.Findings.Select(f => f.ToString()), touched.Findings.Select(f => f.ToString()));
        Assert.Equal("PSF7001", Assert.Single(first.Findings).RuleId);
        Assert.Empty(fixedUp.Findings);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_fifo_in_place_of_the_cached_result_is_never_opened_and_is_replaced_by_a_real_result()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/ci.yml", Workflow);
        using var state = new TemporaryDirectory();
        var cache = HostileFiles.MakeFifo(state.Combine("result.txt"));

        var check = System.Threading.Tasks.Task.Run(() => PipelineCheckRunner.CheckWithCache(repo.Root, cache));

        Assert.Same(check, await System.Threading.Tasks.Task.WhenAny(check, System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(60))));
        var result = await check;
        Assert.Equal(PipelineCheckOutcome.Checked, result.Outcome);
        Assert.Equal("PSF7001", Assert.Single(result.Findings).RuleId);
        Assert.Equal(PipelineCheckOutcome.Unchanged, PipelineCheckRunner.CheckWithCache(repo.Root, cache).Outcome);
    }

    [Fact]
    public void Editing_a_local_action_outside_github_folders_invalidates_the_stamp()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/ci.yml", "on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./tools/setup\n")
            .With("tools/setup/action.yml", "name: s\ndescription: d\nruns:\n  using: composite\n  steps:\n    - uses: actions/checkout@v4\n");
        using var state = new TemporaryDirectory();
        var cache = state.Combine("result.txt");

        Assert.Empty(PipelineCheckRunner.CheckWithCache(repo.Root, cache).Findings);
        repo.With("tools/setup/action.yml", "name: s\ndescription: d\nruns:\n  using: composite\n  steps:\n    - uses: contoso/checkout@v4\n");
        var after = PipelineCheckRunner.CheckWithCache(repo.Root, cache);

        Assert.Equal(PipelineCheckOutcome.Checked, after.Outcome);
        Assert.Equal("tools/setup/action.yml", Assert.Single(after.Findings).RelativePath);
    }

    [Fact]
    public void Policy_exceptions_excuse_a_rule_at_a_path_until_they_expire()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/ci.yml", Workflow).With("pipeline-security.json", @"{
  ""version"": 1,
  ""mode"": ""audit"",
  ""exceptions"": [
    { ""rule"": ""PSF7001"", ""path"": "".github/workflows/ci.yml"", ""justification"": ""Vendor pins pending (CI-12)."", ""owner"": ""build-team@contoso.example"", ""expires"": ""2026-12-31"" }
  ]
}");
        var findings = repo.Check();
        var policy = Path.Combine(repo.Root, "pipeline-security.json");

        var excused = new List<string>();
        Assert.Empty(PolicyExceptionsForFindings.Apply(findings, repo.Root, policy, new DateTime(2026, 12, 1), excused));
        Assert.Contains("build-team@contoso.example", Assert.Single(excused));

        var late = Assert.Single(PolicyExceptionsForFindings.Apply(findings, repo.Root, policy, new DateTime(2027, 1, 2), new List<string>()));
        Assert.EndsWith("The policy exception for it (owner build-team@contoso.example) expired on 2026-12-31.", late.Message);
    }
}
