using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

public sealed class GateDisabledRuleTests
{
    [Fact]
    public void Switching_the_gate_off_or_auditing_on_a_release_path_is_reported()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/ci.yml", @"on: push
permissions: {}
env:
  PipelineSecurityEnabled: false
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: dotnet build -c Release -p:PipelineSecurityAnalyzersEnabled=false
      - run: dotnet pack -c Release /p:PipelineSecurityPolicyMode=audit
      - run: dotnet test -p:PipelineSecurityPolicyMode=audit
")
            .With("azure-pipelines.yml", @"steps:
  - task: DotNetCoreCLI@2
    inputs:
      command: publish
      arguments: -c Release --property:PipelineSecurityPolicyMode=audit
");

        Assert.Equal(
            new[] { ".github/workflows/ci.yml(4,3)", ".github/workflows/ci.yml(9,38)", ".github/workflows/ci.yml(10,37)", "azure-pipelines.yml(5,29)" },
            repo.Locations("PSF7012"));
    }

    [Fact]
    public void Enforcing_or_unrelated_properties_are_not_reported()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/ci.yml", @"on: pull_request
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: dotnet build -p:PipelineSecurityPolicyMode=enforce -p:ContinuousIntegrationBuild=true
      - run: echo ""-p:PipelineSecurityEnabled=false is not allowed here""
");

        Assert.Empty(repo.Locations("PSF7012"));
    }
}
