using System.Linq;
using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

/// <summary>The PSF1xxx detectors on the repository's own deployment files, outside every project.</summary>
public sealed class RepositorySecretScannerTests
{
    [Fact]
    public void Secrets_in_compose_kubernetes_helm_dockerfiles_and_workflows_are_reported_redacted()
    {
        var token = FakeCredentials.GitHubToken();
        var storageKey = FakeCredentials.StorageAccountKey();
        using var repo = new PipelineTestRepository()
            .With("docker-compose.yml", "services:\n  api:\n    image: contoso/api:1.4\n    environment:\n      - ConnectionStrings__Db=Server=db;Database=shop;User Id=sa;Password=" + "Str0ng!Passw0rd" + ";\n")
            .With("deploy/k8s/api.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api\ndata:\n  GITHUB_TOKEN: " + token + "\n")
            .With("charts/api/Chart.yaml", "apiVersion: v2\nname: api\nversion: 0.1.0\n")
            .With("charts/api/values.yaml", "storage:\n  connectionString: DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=" + storageKey + ";EndpointSuffix=core.windows.net\n")
            .With("src/Api/Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nENV GITHUB_TOKEN=" + token + "\n")
            .With("src/Api/Api.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\" />")
            .With("src/Api/appsettings.yml", "token: " + token + "\n")
            .With("docs/example.yml", "token: " + token + "\n");

        var findings = repo.Check().Where(f => f.RuleId.StartsWith("PSF1")).ToList();

        Assert.Equal(
            new[] { "charts/api/values.yaml", "deploy/k8s/api.yaml", "docker-compose.yml", "src/Api/Dockerfile" },
            findings.Select(f => f.RelativePath).Distinct().OrderBy(p => p, System.StringComparer.Ordinal));
        Assert.All(findings, f => Assert.DoesNotContain(token, f.Message));
        Assert.Contains(findings, f => f.RelativePath == "deploy/k8s/api.yaml" && f.RuleId == "PSF1002" && f.Line == 6 && f.Column == 17);
    }
}
