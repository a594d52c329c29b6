using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

public sealed class CachePoisoningRuleTests
{
    private const string Writer = @"on: pull_request_target
permissions:
  contents: read
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          cache: npm
      - run: npm ci
";

    private const string Release = @"on:
  push:
    tags: ['v*']
permissions:
  contents: write
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/cache@v4
        with:
          path: ~/.nuget/packages
          key: nuget-${{ hashFiles('**/packages.lock.json') }}
      - run: dotnet pack -c Release
";

    [Fact]
    public void Release_workflow_restoring_caches_that_untrusted_workflows_write_is_reported()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/lint.yml", Writer).With(".github/workflows/release.yml", Release);

        var finding = Assert.Single(repo.Check(), f => f.RuleId == "PSF7011");
        Assert.Equal((11, 15), (finding.Line, finding.Column));
        Assert.Contains(".github/workflows/lint.yml(9)", finding.Message);
    }

    [Fact]
    public void Without_an_untrusted_cache_writer_releases_may_cache()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/lint.yml", Writer.Replace("pull_request_target", "pull_request"))
            .With(".github/workflows/release.yml", Release);

        Assert.Empty(repo.Locations("PSF7011"));
    }

    [Fact]
    public void Cache_writers_only_maintainers_or_trusted_commenters_start_are_not_untrusted()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/lint.yml", Writer.Replace("on: pull_request_target", "on:\n  pull_request_target:\n    types: [labeled]"))
            .With(".github/workflows/bench.yml", @"on:
  issue_comment:
    types: [created]
permissions:
  contents: read
jobs:
  bench:
    if: github.event.issue.pull_request && contains(github.event.comment.body, '/bench') && github.event.comment.author_association == 'MEMBER'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
      - run: go test -bench .
")
            .With(".github/workflows/release.yml", Release);

        Assert.Empty(repo.Locations("PSF7011"));
    }
}
