using System.Linq;
using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

public sealed class SpoofableBotConditionRuleTests
{
    [Fact]
    public void Privileged_jobs_and_steps_gated_on_the_actor_being_a_bot_are_reported()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/automerge.yml", @"on: pull_request_target
permissions:
  contents: write
  pull-requests: write
jobs:
  automerge:
    if: github.actor == 'dependabot[bot]'
    runs-on: ubuntu-latest
    steps:
      - run: gh pr merge --auto --squash ""$PR""
        if: ${{ github['ACTOR'] == 'renovate[bot]' && github.event.action == 'opened' }}
      - run: echo by id
        if: github.triggering_actor_id == 49699333
      - run: echo listed
        if: contains(fromJSON('[""dependabot[bot]"", ""renovate[bot]""]'), github.actor)
");

        var findings = repo.Check().Where(f => f.RuleId == "PSF7014").ToList();

        Assert.Equal(new[] { "(7,9)", "(11,13)", "(13,13)", "(15,13)" }, findings.Select(f => $"({f.Line},{f.Column})"));
        Assert.Contains("trusts 'github.actor' to be 'dependabot[bot]'", findings[0].Message);
        Assert.Contains("github.event.pull_request.user.login", findings[0].Message);
        Assert.Contains("dependabot[bot]'s id 49699333", findings[2].Message);
    }

    [Fact]
    public void Author_checks_excluded_bots_people_and_unprivileged_or_maintainer_started_workflows_are_not_reported()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/target.yml", @"on: pull_request_target
permissions: {}
jobs:
  author:
    if: github.event.pull_request.user.login == 'dependabot[bot]'
    runs-on: ubuntu-latest
    steps:
      - run: echo author
        if: github.actor != 'dependabot[bot]'
      - run: echo person
        if: github.actor == 'octocat' || github.actor_id == 583231
      - run: echo not a bot
        if: ${{ !(github.actor == 'dependabot[bot]') }}
")
            .With(".github/workflows/ci.yml", @"on: pull_request
permissions: {}
jobs:
  test:
    if: github.actor == 'dependabot[bot]'
    runs-on: ubuntu-latest
    steps:
      - run: echo unprivileged
")
            .With(".github/workflows/labeled.yml", @"on:
  pull_request_target:
    types: [labeled]
permissions: {}
jobs:
  test:
    if: github.actor == 'dependabot[bot]'
    runs-on: ubuntu-latest
    steps:
      - run: echo a maintainer labelled it
");

        Assert.Empty(repo.Locations("PSF7014"));
    }
}
