using System.Linq;
using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

public sealed class SecretInPlainVariableRuleTests
{
    [Fact]
    public void Clear_text_values_under_secret_names_are_reported_in_azure_variables_and_github_env_and_with()
    {
        var password = "Winter" + "2024" + "!Shop";
        using var repo = new PipelineTestRepository()
            .With("azure-pipelines.yml", $@"variables:
  buildConfiguration: Release
  sqlPassword: {password}
  apiToken: $(ApiTokenFromGroup)
steps:
  - script: echo
")
            .With("azure-pipelines.release.yml", $@"variables:
  - name: registryPassword
    value: {password}
  - group: release-secrets
steps:
  - script: echo
")
            .With(".github/workflows/ci.yml", $@"on: push
permissions: {{}}
jobs:
  integration:
    runs-on: ubuntu-latest
    services:
      db:
        image: postgres:16
        credentials:
          username: ci
          password: {password}
    env:
      DB_PASSWORD: ${{{{ secrets.DB_PASSWORD }}}}
      PASSWORD_FILE: /run/secrets/db
      TOKEN_TTL: 3600
    steps:
      - uses: docker/login-action@v3
        with:
          username: ci
          password: {password}
");

        var findings = repo.Check().Where(f => f.RuleId == "PSF7021").ToList();

        Assert.Equal(
            new[] { ".github/workflows/ci.yml(11,21)", ".github/workflows/ci.yml(20,21)", "azure-pipelines.release.yml(3,12)", "azure-pipelines.yml(3,16)" },
            findings.Select(f => $"{f.RelativePath}({f.Line},{f.Column})"));
        Assert.DoesNotContain(findings, f => f.Message.Contains(password));
    }
}
