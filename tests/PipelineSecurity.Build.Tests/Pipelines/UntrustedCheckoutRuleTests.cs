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
}
