using System.Linq;
using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

public sealed class UntrustedCheckoutRuleTests
{
    [Fact]
    public void Pull_request_target_checking_out_the_head_and_running_it_is_reported()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/preview.yml", @"on: pull_request_target
permissions:
  contents: read
  pull-requests: write
jobs:
  preview:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
          persist-credentials: false
      - run: npm ci && npm run build
");

        Assert.Equal(new[] { ".github/workflows/preview.yml(11,16)" }, repo.Locations("PSF7003"));
    }

    [Fact]
    public void Base_checkouts_fork_guards_and_checkouts_that_run_nothing_are_not_reported()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/label.yml", @"on: pull_request_target
permissions:
  contents: read
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: ./scripts/label.sh
  same-repo:
    if: github.event.pull_request.head.repo.full_name == github.repository
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: make test
  diff:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - uses: actions/upload-artifact@v4
        with:
          path: docs/
")
            .With(".github/workflows/ci.yml", @"on: pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: make test
");

        Assert.Empty(repo.Locations("PSF7003"));
    }

    [Fact]
    public void Workflow_run_checking_out_the_triggering_branch_is_reported()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/after-ci.yml", @"on:
  workflow_run:
    workflows: [CI]
    types: [completed]
permissions: {}
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          repository: ${{ github.event.workflow_run.head_repository.full_name }}
          ref: ${{ github.event.workflow_run.head_branch }}
      - uses: ./.github/actions/publish-results
");

        Assert.Single(repo.Locations("PSF7003"));
    }

    private const string LabelGated = @"on:
  pull_request_target:
    types: [labeled]
permissions:
  contents: read
jobs:
  e2e:
    if: github.event.label.name == 'safe to test'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: REF
          persist-credentials: false
      - run: npm ci && npm test
";

    [Fact]
    public void A_label_approval_that_checks_out_the_approved_commit_is_not_reported()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/e2e.yml", LabelGated.Replace("REF", "${{ github.event.pull_request.head.sha }}"))
            .With(".github/workflows/members.yml", @"on: pull_request_target
permissions:
  contents: read
jobs:
  build:
    if: contains(fromJSON('[""OWNER"", ""MEMBER""]'), github.event.pull_request.author_association)
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.ref }}
          repository: ${{ github.event.pull_request.head.repo.full_name }}
      - run: make
");

        Assert.Empty(repo.Locations("PSF7003"));
    }

    [Fact]
    public void A_label_approval_that_checks_out_the_moving_branch_is_reported_as_a_race()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/e2e.yml", LabelGated.Replace("REF", "refs/pull/${{ github.event.pull_request.number }}/merge"))
            .With(".github/workflows/opened.yml", LabelGated.Replace("[labeled]", "[labeled, synchronize]").Replace("REF", "${{ github.event.pull_request.head.sha }}"));

        var findings = repo.Check().Where(f => f.RuleId == "PSF7003").ToList();
        Assert.Equal(new[] { ".github/workflows/e2e.yml(13,16)", ".github/workflows/opened.yml(13,16)" }, findings.Select(f => $"{f.RelativePath}({f.Line},{f.Column})"));
        Assert.Contains("('pull_request_target' types: labeled)", findings[0].Message);
        Assert.Contains("check out 'github.event.pull_request.head.sha' instead", findings[0].Message);
        Assert.Contains("build untrusted code in a 'pull_request' workflow", findings[1].Message);
    }
}
