using System;
using System.Linq;
using System.Text;
using PipelineSecurity.Analyzers.Secrets.Detection;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Secrets.Detection;

/// <summary>The detection layer's file API: format by file name, 1-based positions, rule ids, no secret in any string.</summary>
public sealed class SecretDetectionTests
{
    private static readonly string Password = FakeSecrets.Alnum(20, 61);

    [Theory]
    [InlineData("Dockerfile", "Dockerfile")]
    [InlineData("/repo/src/api/Dockerfile.prod", "Dockerfile")]
    [InlineData("C:\\repo\\build.dockerfile", "Dockerfile")]
    [InlineData("Containerfile", "Dockerfile")]
    [InlineData("docker-compose.override.yml", "Yaml")]
    [InlineData(".github/workflows/ci.yaml", "Yaml")]
    [InlineData("charts/api/values.yaml", "Yaml")]
    [InlineData("appsettings.json", "Configuration")]
    [InlineData("web.config", "Configuration")]
    [InlineData("dockerfile-notes.md", "Configuration")]
    public void The_file_name_decides_the_format(string name, string expected)
    {
        Assert.Equal(expected, SecretDetection.KindOf(name).ToString());
    }

    [Fact]
    public void Reports_rule_id_and_one_based_line_and_columns_without_the_secret()
    {
        var text = "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: " + Password + "\n";
        var finding = Assert.Single(SecretDetection.ScanFile(text, "docker-compose.yml"));

        Assert.Equal("PSF1005", finding.RuleId);
        Assert.Equal(4, finding.Line);
        Assert.Equal(26, finding.Column);
        Assert.Equal(4, finding.EndLine);
        Assert.Equal(26 + Password.Length - 1, finding.EndColumn);
        Assert.DoesNotContain(Password, finding.Description + finding.Redacted);
    }

    [Fact]
    public void Rule_ids_are_the_analyzers_rule_ids()
    {
        Assert.Equal(RuleIds.PrivateKeyInLiteral, new SecretFinding(SecretKind.PrivateKey, "", 0, 1, "").RuleId);
        Assert.Equal(RuleIds.ProviderToken, new SecretFinding(SecretKind.ProviderToken, "", 0, 1, "").RuleId);
        Assert.Equal(RuleIds.ConnectionStringPassword, new SecretFinding(SecretKind.ConnectionStringPassword, "", 0, 1, "").RuleId);
        Assert.Equal(RuleIds.CredentialsInUrl, new SecretFinding(SecretKind.UrlCredential, "", 0, 1, "").RuleId);
        Assert.Equal(RuleIds.GenericSecret, new SecretFinding(SecretKind.GenericSecret, "", 0, 1, "").RuleId);
    }

    [Fact]
    public void Positions_span_lines_for_a_private_key()
    {
        var text = "{\n  \"key\": \"x\"\n}\n" + FakeSecrets.PemBlock("RSA PRIVATE KEY");
        var finding = Assert.Single(SecretDetection.ScanFile(text, "settings.json"));
        Assert.Equal("PSF1001", finding.RuleId);
        Assert.Equal(4, finding.Line);
        Assert.Equal(1, finding.Column);
        Assert.True(finding.EndLine > 10);
    }

    [Fact]
    public void Scans_any_text_for_format_recognised_secrets()
    {
        var token = FakeSecrets.GitHub();
        var finding = Assert.Single(SecretDetection.ScanText("curl -H 'Authorization: token " + token + "' https://api.github.com"));
        Assert.Equal("PSF1002", finding.RuleId);
        Assert.Empty(SecretDetection.ScanText("curl -H 'Authorization: token $GITHUB_TOKEN' https://api.github.com"));
    }

    [Theory]
    [InlineData("curl -u admin:{0} https://localhost:9200")]
    [InlineData("curl -u \":{0}\" https://localhost:9200")] // no user name
    [InlineData("curl -sw '%{{http_code}}' -X POST --user  'deploy:{0}' https://api.contoso.com/hooks")] // two blanks
    [InlineData("curl --user deploy:'{0}' -iX PATCH https://api.contoso.com/items/7")] // the password quoted on its own
    public void Finds_the_password_of_curl_user_options(string command)
    {
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, command, FakeSecrets.Password());
        var finding = Assert.Single(SecretDetection.ScanText(text));
        Assert.Equal("PSF1005", finding.RuleId);
        Assert.Equal(text.IndexOf(FakeSecrets.Password(), System.StringComparison.Ordinal) + 1, finding.Column);
    }

    [Theory]
    [InlineData("curl -u \"$API_USER:$API_PASSWORD\" https://api.contoso.com")]
    [InlineData("curl --user  \"${CREDENTIALS}\" https://api.contoso.com")]
    [InlineData("curl -u admin: https://localhost:9200")] // curl prompts for the password
    [InlineData("curl --user deploy:'<password>' https://api.contoso.com")]
    public void Ignores_curl_user_options_without_a_password(string text)
    {
        Assert.Empty(SecretDetection.ScanText(text));
    }

    [Fact]
    public void A_huge_compose_file_is_scanned_in_one_pass()
    {
        var builder = new StringBuilder("services:\n");
        for (var i = 0; i < 50_000; i++)
        {
            builder.Append("  svc").Append(i).Append(":\n    environment:\n      - \"LOG_LEVEL=info\"\n");
        }

        builder.Append("  last:\n    environment:\n      - \"API_TOKEN=").Append(Password).Append("\"\n");
        var finding = Assert.Single(SecretDetection.ScanFile(builder.ToString(), "docker-compose.yml"));
        Assert.Equal(150_004, finding.Line);
    }
}
