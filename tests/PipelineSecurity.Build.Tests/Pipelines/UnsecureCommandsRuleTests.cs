using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

public sealed class UnsecureCommandsRuleTests
{
    [Fact]
    public void Enabling_unsecure_commands_in_env_or_through_github_env_is_reported()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/legacy.yml", @"on: push
env:
  ACTIONS_ALLOW_UNSECURE_COMMANDS: true
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo ""ACTIONS_ALLOW_UNSECURE_COMMANDS=true"" >> ""$GITHUB_ENV""
      - env:
          ACTIONS_ALLOW_UNSECURE_COMMANDS: 'false'
        run: echo ok
");

        Assert.Equal(new[] { ".github/workflows/legacy.yml(3,3)", ".github/workflows/legacy.yml(8,20)" }, repo.Locations("PSF7008"));
    }
}
