using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

public sealed class RemoteScriptExecutionRuleTests
{
    [Fact]
    public void Downloads_piped_or_substituted_into_interpreters_are_reported_in_both_ci_systems()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/tools.yml", @"on: push
permissions: {}
jobs:
  tools:
    runs-on: ubuntu-latest
    steps:
      - run: |
          set -euo pipefail
          curl -fsSL https://get.example.com/install.sh | sudo -E bash -s -- --version 1.2
          bash <(wget -qO- https://example.com/setup)
          sh -c ""$(curl -fsSL https://example.com/tool.sh)""
      - shell: pwsh
        run: iex (iwr https://example.com/install.ps1 -UseBasicParsing).Content
      - shell: pwsh
        run: irm https://example.com/install.ps1 | iex
")
            .With("azure-pipelines.yml", @"steps:
  - script: curl -sSL https://example.com/install.sh | bash
");

        Assert.Equal(
            new[]
            {
                ".github/workflows/tools.yml(9,11)", ".github/workflows/tools.yml(10,11)", ".github/workflows/tools.yml(11,11)",
                ".github/workflows/tools.yml(13,14)", ".github/workflows/tools.yml(15,14)", "azure-pipelines.yml(2,13)",
            },
            repo.Locations("PSF7009"));
    }

    [Fact]
    public void Verified_downloads_and_pipes_into_non_interpreters_are_not_reported()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/tools.yml", @"on: push
permissions: {}
jobs:
  tools:
    runs-on: ubuntu-latest
    steps:
      - run: |
          curl -fsSLo install.sh https://get.example.com/install.sh
          echo ""3f5d0c1e9a7b2f4e6d8c0a1b3e5f7a9c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a  install.sh"" | sha256sum -c -
          bash install.sh --version 1.2
          curl -fsSL https://example.com/data.tar.gz | tar xz
          curl -s https://api.example.com/version | jq -r .tag
          VERSION=$(curl -s https://api.example.com/latest)
          bash ./build.sh ""$VERSION""
          # curl https://example.com/x | bash   (commented out)
");

        Assert.Empty(repo.Locations("PSF7009"));
    }
}
