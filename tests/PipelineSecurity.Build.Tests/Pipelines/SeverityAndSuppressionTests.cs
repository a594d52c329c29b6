using System.Linq;
using PipelineSecurity.Build.Pipelines;
using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

public sealed class SeverityAndSuppressionTests
{
    private const string Workflow = @"on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: contoso/setup@v1 # pipeline-security: ignore PSF7001 -- vendored, reviewed
      # pipeline-security: ignore PSF7001
      - uses: contoso/lint@v2
      - uses: contoso/test@v3
      - run: curl -fsSL https://example.com/x.sh | bash # pipeline-security: ignore PSF7001
";

    [Fact]
    public void Inline_comments_suppress_the_named_rule_on_their_line_or_the_next()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/ci.yml", Workflow);

        Assert.Equal(new[] { ".github/workflows/ci.yml(10,15)" }, repo.Locations("PSF7001"));
        Assert.Single(repo.Locations("PSF7009"));
    }

    [Fact]
    public void Editorconfig_sections_matching_the_file_set_severities()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/ci.yml", Workflow)
            .With(".editorconfig", "root = true\n[*.{yml,yaml}]\ndotnet_diagnostic.PSF7001.severity = error\ndotnet_diagnostic.PSF7009.severity = none\n");

        var findings = repo.Check();

        Assert.Equal(PipelineSeverity.Error, Assert.Single(findings).Severity);
        Assert.Equal("PSF7001", findings[0].RuleId);
    }
}
