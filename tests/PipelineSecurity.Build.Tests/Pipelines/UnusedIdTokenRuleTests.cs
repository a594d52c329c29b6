using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

public sealed class UnusedIdTokenRuleTests
{
    [Fact]
    public void Id_token_on_a_job_that_only_builds_and_tests_is_reported()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/ci.yml", @"on: push
jobs:
  test:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      id-token: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-dotnet@v4
      - run: dotnet test -c Release
");

        Assert.Equal(new[] { ".github/workflows/ci.yml(7,7)" }, repo.Locations("PSF7005"));
    }

    [Fact]
    public void Jobs_that_log_in_sign_or_call_unknown_actions_are_not_reported()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/deploy.yml", @"on: push
permissions:
  id-token: write
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: azure/login@v2
        with:
          client-id: ${{ vars.CLIENT_ID }}
  sign:
    runs-on: ubuntu-latest
    steps:
      - run: cosign sign-blob --yes artifact.tgz
");

        Assert.Empty(repo.Locations("PSF7005"));
    }
}
