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

    [Fact]
    public void Triggers_only_maintainers_start_and_jobs_only_trusted_authors_start_are_not_reported()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/triage.yml", @"on:
  issues:
    types: [labeled]
  pull_request_target:
    types:
      - labeled
      - unlabeled
jobs:
  copy:
    runs-on: ubuntu-latest
    steps:
      - run: gh issue create --repo org/triage --title triage
")
            .With(".github/workflows/commands.yml", @"on:
  issue_comment:
    types: [created]
jobs:
  command:
    if: contains(fromJSON('[""OWNER"", ""MEMBER"", ""COLLABORATOR""]'), github.event.comment.author_association)
    runs-on: ubuntu-latest
    steps:
      - run: echo ok
  maintainers:
    if: github.event.issue.pull_request && (github.event.comment.author_association == 'OWNER' || github.event.comment.author_association == 'MEMBER')
    runs-on: ubuntu-latest
    steps:
      - run: echo ok
");

        Assert.Empty(repo.Locations("PSF7004"));
    }

    [Fact]
    public void Outsider_activity_types_and_guards_that_admit_outsiders_are_still_reported()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/welcome.yml", @"on:
  issues:
    types: [labeled, opened]
jobs:
  welcome:
    runs-on: ubuntu-latest
    steps:
      - run: echo welcome
")
            .With(".github/workflows/commands.yml", @"on:
  issue_comment:
    types: [created]
jobs:
  issue-author:
    if: github.event.issue.author_association == 'MEMBER'
    runs-on: ubuntu-latest
    steps:
      - run: echo the commenter may be anyone
  contributors:
    if: contains('OWNER,MEMBER,CONTRIBUTOR', github.event.comment.author_association)
    runs-on: ubuntu-latest
    steps:
      - run: echo contributors are outsiders
  either:
    if: github.event.comment.author_association == 'OWNER' || github.event.comment.body == '/retry'
    runs-on: ubuntu-latest
    steps:
      - run: echo anyone can write the command
");

        Assert.Equal(new[] { ".github/workflows/commands.yml(2,3)", ".github/workflows/welcome.yml(2,3)" }, repo.Locations("PSF7004"));
        var commands = Assert.Single(repo.Check(), f => f.RuleId == "PSF7004" && f.RelativePath.EndsWith("commands.yml", System.StringComparison.Ordinal));
        Assert.Contains("job(s) issue-author, contributors, either get", commands.Message);
    }
}
