using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

public sealed class SecretsInheritRuleTests
{
    [Fact]
    public void Inherit_to_another_owners_workflow_is_reported_but_not_to_the_repositorys_own()
    {
        using var repo = new PipelineTestRepository()
            .WithOrigin("git@github.com:contoso/shop.git")
            .With(".github/workflows/release.yml", @"on: push
permissions:
  contents: read
jobs:
  scan:
    uses: fabrikam/security-workflows/.github/workflows/scan.yml@0123456789abcdef0123456789abcdef01234567
    secrets: inherit
  publish:
    uses: contoso/shared-workflows/.github/workflows/publish.yml@0123456789abcdef0123456789abcdef01234567
    secrets: inherit
  local:
    uses: ./.github/workflows/build.yml
    secrets: inherit
  named:
    uses: fabrikam/security-workflows/.github/workflows/scan.yml@0123456789abcdef0123456789abcdef01234567
    secrets:
      SCAN_TOKEN: ${{ secrets.SCAN_TOKEN }}
");

        Assert.Equal(new[] { ".github/workflows/release.yml(7,14)" }, repo.Locations("PSF7007"));
    }
}
