using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

public sealed class ExcessivePermissionsRuleTests
{
    [Fact]
    public void Write_all_and_missing_permissions_on_untrusted_triggers_are_reported()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/all.yml", @"on: push
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - run: make
")
            .With(".github/workflows/comments.yml", @"on:
  issue_comment:
    types: [created]
jobs:
  reply:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
");

        Assert.Equal(
            new[] { ".github/workflows/all.yml(2,14)", ".github/workflows/all.yml(6,18)", ".github/workflows/comments.yml(2,3)" },
            repo.Locations("PSF7004"));
    }

    [Fact]
    public void Scoped_permissions_and_push_workflows_without_permissions_are_not_reported()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/ci.yml", @"on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
")
            .With(".github/workflows/triage.yml", @"on: issues
jobs:
  triage:
    permissions:
      issues: write
    runs-on: ubuntu-latest
    steps:
      - run: echo triage
");

        Assert.Empty(repo.Locations("PSF7004"));
    }
}
