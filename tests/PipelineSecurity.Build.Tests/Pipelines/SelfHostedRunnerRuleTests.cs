using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

public sealed class SelfHostedRunnerRuleTests
{
    [Fact]
    public void Self_hosted_runners_on_pull_request_workflows_are_reported_not_on_push_workflows()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/pr.yml", @"on: pull_request
jobs:
  gpu-tests:
    runs-on: [self-hosted, linux, gpu]
    steps:
      - run: make test
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: make lint
")
            .With(".github/workflows/nightly.yml", @"on:
  schedule:
    - cron: '0 3 * * *'
jobs:
  soak:
    runs-on: self-hosted
    steps:
      - run: make soak
");

        Assert.Equal(new[] { ".github/workflows/pr.yml(4,15)" }, repo.Locations("PSF7010"));
    }
}
