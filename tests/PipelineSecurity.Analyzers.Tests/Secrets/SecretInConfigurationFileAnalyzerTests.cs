using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using PipelineSecurity.Analyzers.Secrets;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<PipelineSecurity.Analyzers.Secrets.SecretInConfigurationFileAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Secrets;

public sealed class SecretInConfigurationFileAnalyzerTests
{
    private static readonly string GitHubToken = FakeSecrets.GitHub();
    private static readonly string Password = FakeSecrets.Password();
    private static readonly string Random32 = FakeSecrets.Alnum(32, 40);

    [Fact]
    public async Task Reports_secrets_in_appsettings_json_at_their_exact_position()
    {
        var json = $$"""
            {
              "ConnectionStrings": {
                "Default": "Server=db;Database=Shop;User Id=app;Password={|#0:{{Password}}|};",
                "Local": "Server=(localdb)\\mssqllocaldb;Database=Shop;Trusted_Connection=True;"
              },
              "GitHub": { "Token": "{|PSF1002:{{GitHubToken}}|}" },
              "Payments": { "ApiKey": "{|PSF1005:{{Random32}}|}", "ApiKeyHeaderName": "X-Api-Key", "Password": "changeme" },
              "Smtp": { "Password": "" , "PasswordResetUrl": "https://contoso.com/reset" }
            }
            """;

        await RunAsync(
            "/0/appsettings.json",
            json,
            Verify.Diagnostic(RuleIds.ConnectionStringPassword).WithLocation(0).WithArguments("connection string password", "Xk9#… (14 characters)"));
    }

    [Fact]
    public async Task Reports_secrets_in_web_config_and_pubxml()
    {
        var config = $$"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <connectionStrings>
                <add name="Shop" connectionString="Data Source=db;Initial Catalog=Shop;User ID=app;Password={|PSF1003:{{Password}}|}" providerName="System.Data.SqlClient" />
                <add name="Local" connectionString="Data Source=.;Initial Catalog=Shop;Integrated Security=True" />
              </connectionStrings>
              <appSettings>
                <add key="StripeKey" value="{|PSF1002:{{FakeSecrets.StripeLive()}}|}" />
                <add key="ClientSecret" value="{|PSF1005:{{Random32}}|}" />
                <add key="ClientId" value="3f2504e0-4f89-11d3-9a0c-0305e82c3301" />
                <add key="ApiKey" value="YOUR_API_KEY" />
              </appSettings>
            </configuration>
            """;
        var pubxml = $$"""
            <Project>
              <PropertyGroup>
                <UserName>deploy</UserName>
                <Password>{|PSF1005:{{Password}}|}</Password>
                <PublishUrl>https://contoso.scm.azurewebsites.net</PublishUrl>
              </PropertyGroup>
            </Project>
            """;

        await RunAsync("/0/web.config", config);
        await RunAsync("/0/Properties/PublishProfiles/Production.pubxml", pubxml);
    }

    [Fact]
    public async Task Reports_secrets_in_env_yaml_ini_and_properties_files()
    {
        var env = $$"""
            # Local settings
            export DB_PASSWORD={|PSF1005:{{Password}}|}
            API_TOKEN="{|PSF1002:{{FakeSecrets.GitLab()}}|}"
            AWS_ACCESS_KEY_ID={|PSF1002:{{FakeSecrets.AwsAccessKeyId()}}|}
            AWS_SECRET_ACCESS_KEY={|PSF1002:{{FakeSecrets.AwsSecretAccessKey()}}|}
            REDIS_URL=redis://default:{|PSF1003:{{Random32}}|}@cache:6379
            EMPTY_SECRET=
            TOKEN=${CI_TOKEN}
            """;
        var yaml = $$"""
            services:
              api:
                environment:
                  - SLACK_WEBHOOK={|PSF1002:{{FakeSecrets.SlackWebhook()}}|}
                  clientSecret: "{|PSF1005:{{Random32}}|}"
                  password: changeme
                  token: TEMPLATE
            """;
        yaml = yaml.Replace("TEMPLATE", "{{ secrets.TOKEN }}");
        var ini = $$"""
            [database]
            user = app
            password = {|PSF1005:{{Password}}|} # do not commit
            url = https://deploy:{|PSF1004:{{Random32}}|}@git.contoso.com/shop.git
            """;
        var properties = $$"""
            spring.datasource.password={|PSF1005:{{Password}}|}
            spring.datasource.username=app
            """;

        await RunAsync("/0/.env.local", env);
        await RunAsync("/0/docker-compose.yml", yaml);
        await RunAsync("/0/settings.ini", ini);
        await RunAsync("/0/application.properties", properties);
    }

    [Fact]
    public async Task Reports_private_keys_and_docker_auths_in_json()
    {
        var key = Infrastructure.FakeSecrets.PemAsEscapedLiteral("PRIVATE KEY");
        var serviceAccount = $$"""
            {
              "type": "service_account",
              "private_key_id": "{{FakeSecrets.Hex(40)}}",
              "private_key": "{|PSF1001:{{key}}|}\n",
              "client_email": "svc@contoso.iam.gserviceaccount.com"
            }
            """;
        var docker = $$"""
            {
              "auths": {
                "registry.contoso.com": { "auth": "{|PSF1002:{{FakeSecrets.DockerAuth()}}|}" }
              }
            }
            """;

        await RunAsync("/0/service-account.json", serviceAccount, scanMetadata: "true");
        await RunAsync("/0/docker-config.json", docker, scanMetadata: "true");
    }

    [Fact]
    public async Task Ignores_files_opted_out_and_files_that_are_not_configuration()
    {
        var json = $$"""{ "Token": "{{GitHubToken}}" }""";

        await RunAsync("/0/appsettings.Development.json", json, scanMetadata: "false");
        await RunAsync("/0/notes.md", json);
        await RunAsync("/0/data.json", json);
    }

    [Fact]
    public async Task Scans_any_file_opted_in_with_metadata()
    {
        await RunAsync("/0/deploy.tfvars", "github_token = \"{|PSF1002:" + GitHubToken + "|}\"\n", scanMetadata: "true");
    }

    [Fact]
    public async Task Honours_the_allow_list_for_configuration_files()
    {
        var test = new Verify.Test { TestCode = "class C { }" };
        test.TestState.AdditionalFiles.Add(("/0/appsettings.json", $$"""{ "Token": "{{GitHubToken}}" }"""));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.json]\npipeline_security.secrets.allowed_values = " + GitHubToken + "\n"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_file_over_the_cap_is_reported_as_not_scanned_and_the_cap_is_configurable()
    {
        // 1.5 MiB of ordinary configuration with a token at its very end; cap lowered to 1 MiB to keep the test small.
        var padding = new System.Text.StringBuilder("{\n");
        while (padding.Length < 1536 * 1024)
        {
            padding.Append("  \"Setting").Append(padding.Length).Append("\": \"value\",\n");
        }

        string Json(string token) => padding + "  \"GitHub\": { \"Token\": \"" + token + "\" }\n}\n";
        var capped = new Verify.Test { TestCode = "class C { }" };
        capped.TestState.AdditionalFiles.Add(("/0/appsettings.json", "{|#0:|}" + Json(GitHubToken)));
        capped.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.json]\npipeline_security.secrets.max_config_file_mb = 1\n"));
        capped.ExpectedDiagnostics.Add(Verify.Diagnostic(RuleIds.ConfigurationFileNotScanned)
            .WithLocation(0)
            .WithArguments("appsettings.json", "1.5", 1, "pipeline_security.secrets.max_config_file_mb", 2));
        await capped.RunAsync(CancellationToken.None);

        var raised = new Verify.Test { TestCode = "class C { }" };
        raised.TestState.AdditionalFiles.Add(("/0/appsettings.json", Json("{|PSF1002:" + GitHubToken + "|}")));
        raised.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.json]\npipeline_security.secrets.max_config_file_mb = 2\n"));
        await raised.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_file_under_the_default_cap_is_scanned_without_a_not_scanned_report()
    {
        await RunAsync("/0/appsettings.json", new string(' ', 100_000) + "{ \"Token\": \"{|PSF1002:" + GitHubToken + "|}\" }");
    }

    private static async Task RunAsync(string path, string content, params DiagnosticResult[] expected) =>
        await RunAsync(path, content, scanMetadata: null, expected);

    private static async Task RunAsync(string path, string content, string? scanMetadata, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = "class C { }" };
        test.TestState.AdditionalFiles.Add((path, content));
        if (scanMetadata is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", $"root = true\n\n[{path}]\nbuild_metadata.AdditionalFiles.PipelineSecurityScan = {scanMetadata}\n"));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }
}
