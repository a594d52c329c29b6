using System.Linq;
using PipelineSecurity.Analyzers.Secrets.Detection;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Secrets.Detection;

public sealed class DockerfileScannerTests
{
    private static readonly string Password = FakeSecrets.Alnum(20, 62);

    [Theory]
    [InlineData("ENV DB_PASSWORD={0}")]
    [InlineData("ENV DB_PASSWORD=\"{0}\"")]
    [InlineData("ENV LOG_LEVEL=info DB_PASSWORD={0} PORT=8080")]
    [InlineData("ENV DB_PASSWORD {0}")]
    [InlineData("env API_TOKEN={0}")]
    [InlineData("ARG NUGET_API_KEY={0}")]
    [InlineData("ENV LOG_LEVEL=info \\\n    DB_PASSWORD={0}")]
    public void Finds_secrets_baked_in_with_env_and_arg(string line)
    {
        var text = "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n" + string.Format(line, Password) + "\nENTRYPOINT [\"dotnet\", \"Api.dll\"]\n";
        var finding = Assert.Single(SecretDetection.ScanFile(text, "Dockerfile"));
        Assert.Equal("PSF1005", finding.RuleId);
        Assert.Equal(text.IndexOf(Password, System.StringComparison.Ordinal), finding.Start);
        Assert.Equal(Password.Length, finding.Length);
    }

    [Fact]
    public void Finds_tokens_and_passwords_in_run_command_lines()
    {
        var token = FakeSecrets.GitHub();
        var text = "FROM alpine\nRUN git clone https://x-access-token:" + token + "@github.com/contoso/shop.git\nRUN mysql -uroot -p" + Password + " -e 'select 1'\n";
        var findings = SecretDetection.ScanFile(text, "Dockerfile");
        Assert.Equal(2, findings.Count);
        Assert.Equal(new[] { 2, 3 }, findings.Select(f => f.Line));
    }

    [Theory]
    [InlineData("ARG DB_PASSWORD")]
    [InlineData("ENV DB_PASSWORD=${DB_PASSWORD}")]
    [InlineData("ENV DB_PASSWORD_FILE=/run/secrets/db_password")]
    [InlineData("ENV ASPNETCORE_URLS=http://+:8080 DOTNET_RUNNING_IN_CONTAINER=true")]
    [InlineData("RUN --mount=type=secret,id=nuget_token dotnet restore")]
    [InlineData("# ENV DB_PASSWORD=not-here")]
    [InlineData("ENV PASSWORD_MIN_LENGTH=12")]
    [InlineData("LABEL org.opencontainers.image.source=https://github.com/contoso/shop")]
    public void Ignores_build_arguments_references_and_settings(string line)
    {
        Assert.Empty(SecretDetection.ScanFile("FROM alpine\n" + line + "\n", "Dockerfile"));
    }
}
