using System;
using System.Text;
using PipelineSecurity.Analyzers.Secrets.Detection;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Secrets.Detection;

/// <summary>Kubernetes Secrets (base64 data, plain stringData), Helm values and docker-compose environments.</summary>
public sealed class KubernetesSecretDataTests
{
    private static readonly string Password = FakeSecrets.Alnum(24, 63);

    private static string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static string Secret(string entries, string kind = "Secret") =>
        "apiVersion: v1\nkind: " + kind + "\nmetadata:\n  name: shop-db\ntype: Opaque\n" + entries;

    [Fact]
    public void Decodes_secret_data_and_reports_the_base64_text()
    {
        var encoded = Base64(Password);
        var text = Secret("data:\n  username: " + Base64("shop") + "\n  connection: " + encoded + "\n");
        var finding = Assert.Single(SecretDetection.ScanFile(text, "k8s/db-secret.yaml"));
        Assert.Equal("PSF1005", finding.RuleId);
        Assert.Equal(text.IndexOf(encoded, StringComparison.Ordinal), finding.Start);
        Assert.Equal(encoded.Length, finding.Length);
        Assert.Contains("connection", finding.Description);
        Assert.DoesNotContain(Password, finding.Description + finding.Redacted);
    }

    [Fact]
    public void Finds_formats_inside_decoded_data_such_as_a_connection_string()
    {
        var text = Secret("data:\n  ConnectionStrings__Shop: " + Base64("Server=db;Database=shop;User Id=app;Password=" + Password + ";") + "\n");
        Assert.Equal("PSF1003", Assert.Single(SecretDetection.ScanFile(text, "secret.yml")).RuleId);
    }

    [Fact]
    public void Reads_string_data_as_plain_secrets_and_kind_may_come_after_data()
    {
        var text = "apiVersion: v1\nstringData:\n  db-url: " + Password + "\nkind: Secret\n---\napiVersion: v1\nkind: ConfigMap\ndata:\n  db-url: " + Password + "\n";
        var finding = Assert.Single(SecretDetection.ScanFile(text, "manifests.yaml"));
        Assert.Equal(3, finding.Line);
    }

    [Theory]
    [InlineData("data:\n  username: c2hvcA==\n  port: NTQzMg==\n")]
    [InlineData("data:\n  password: Y2hhbmdlbWU=\n")]
    [InlineData("data:\n  password: \"\"\n")]
    [InlineData("data:\n  keystore.p12: MIIKPAIBAzCCCfYGCSqGSIb3DQEHAaCCCecEggnjMIIJ3zCCBW8GCSqGSIb3\n")]
    [InlineData("data:\n  password: {{ .Values.db.password | b64enc }}\n")]
    public void Ignores_usernames_ports_placeholders_binary_and_templates(string entries)
    {
        Assert.Empty(SecretDetection.ScanFile(Secret(entries), "secret.yaml"));
    }

    [Fact]
    public void A_config_map_s_data_is_not_base64()
    {
        Assert.Empty(SecretDetection.ScanFile(Secret("data:\n  db-url: " + Base64(Password) + "\n", "ConfigMap"), "configmap.yaml"));
    }

    [Fact]
    public void Entries_of_a_secret_named_map_are_scored_under_its_name()
    {
        var text = "image: contoso/api\ncredentials:\n  admin: " + Password + "\n  region: westeurope\nservice:\n  port: 8080\n";
        var finding = Assert.Single(SecretDetection.ScanFile(text, "charts/api/values.yaml"));
        Assert.Equal(3, finding.Line);
        Assert.Contains("admin", finding.Description);
    }

    [Fact]
    public void Helm_values_nested_passwords_and_compose_list_environments_are_found()
    {
        var values = "postgresql:\n  auth:\n    username: shop\n    postgresPassword: " + Password + "\n";
        Assert.Equal(4, Assert.Single(SecretDetection.ScanFile(values, "values.yaml")).Line);

        var compose = "services:\n  cache:\n    image: redis:7\n    command: redis-server --requirepass " + Password + "\n  api:\n    environment:\n      - \"ASPNETCORE_ENVIRONMENT=Production\"\n      - 'Jwt__SigningKey=" + Password + "'\n";
        var findings = SecretDetection.ScanFile(compose, "docker-compose.yml");
        Assert.Equal(new[] { 4, 8 }, System.Linq.Enumerable.Select(findings, f => f.Line));
    }

    [Fact]
    public void A_10_MB_base64_secret_completes()
    {
        var blob = Convert.ToBase64String(FakeSecrets.Bytes(7_500_000, 5));
        var text = Secret("data:\n  blob.bin: " + blob + "\n  api-token: " + Base64(FakeSecrets.GitHub()) + "\n");
        Assert.Equal("PSF1002", Assert.Single(SecretDetection.ScanFile(text, "secret.yaml")).RuleId);
    }
}
