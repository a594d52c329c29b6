using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Secrets;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using PipelineSecurity.CodeFixes.Secrets;
using Xunit;
using VerifyKey = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    PipelineSecurity.Analyzers.Secrets.PrivateKeyInLiteralAnalyzer,
    PipelineSecurity.CodeFixes.Secrets.ReadSecretFromEnvironmentCodeFixProvider>;
using VerifySecret = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    PipelineSecurity.Analyzers.Secrets.HardCodedSecretAnalyzer,
    PipelineSecurity.CodeFixes.Secrets.ReadSecretFromEnvironmentCodeFixProvider>;

namespace PipelineSecurity.Analyzers.Tests.Secrets;

/// <summary>"Read from an environment variable" on PSF1001 (private keys) and PSF1002–PSF1005 findings.</summary>
public sealed class ReadSecretFromEnvironmentCodeFixProviderTests
{
    private static readonly string RsaKey = FakeSecrets.PemAsEscapedLiteral("RSA PRIVATE KEY");
    private static readonly string GitHubToken = FakeSecrets.GitHub();
    private static readonly string Random32 = FakeSecrets.Alnum(32, 40);

    [Fact]
    public async Task Turns_a_const_field_into_a_static_readonly_read_from_the_environment()
    {
        var source = $$"""
            using System;

            class C
            {
                private const string SigningKeyPem = [|"{{RsaKey}}"|];
            }
            """;
        var fixedSource = """
            using System;

            class C
            {
                private static readonly string SigningKeyPem = Environment.GetEnvironmentVariable("SIGNING_KEY_PEM") ?? throw new InvalidOperationException("Set the SIGNING_KEY_PEM environment variable.");
            }
            """;

        await VerifyKey.VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Replaces_an_assigned_value_and_a_named_argument()
    {
        var source = $$"""
            using System;

            class Options { public string PrivateKey { get; set; } = ""; }

            class C
            {
                void Load(string privateKeyPem) { }

                void M(Options options)
                {
                    options.PrivateKey = [|"{{RsaKey}}"|];
                    Load(privateKeyPem: [|"{{RsaKey}}"|]);
                }
            }
            """;
        var fixedSource = """
            using System;

            class Options { public string PrivateKey { get; set; } = ""; }

            class C
            {
                void Load(string privateKeyPem) { }

                void M(Options options)
                {
                    options.PrivateKey = Environment.GetEnvironmentVariable("PRIVATE_KEY") ?? throw new InvalidOperationException("Set the PRIVATE_KEY environment variable.");
                    Load(privateKeyPem: Environment.GetEnvironmentVariable("PRIVATE_KEY_PEM") ?? throw new InvalidOperationException("Set the PRIVATE_KEY_PEM environment variable."));
                }
            }
            """;

        await VerifyKey.VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Replaces_a_provider_token_in_a_const_field()
    {
        var source = $$"""
            using System;

            class C
            {
                private const string DeployToken = {|PSF1002:"{{GitHubToken}}"|};
            }
            """;
        const string FixedSource = """
            using System;

            class C
            {
                private static readonly string DeployToken = Environment.GetEnvironmentVariable("DEPLOY_TOKEN") ?? throw new InvalidOperationException("Set the DEPLOY_TOKEN environment variable.");
            }
            """;

        await VerifySecret.VerifyFixAsync(source, FixedSource);
    }

    [Fact]
    public async Task Replaces_a_connection_string_in_a_property_and_a_generic_secret_in_an_assignment()
    {
        var source = $$"""
            class Options { public string ClientSecret { get; set; } = ""; }

            class C
            {
                public string Database { get; } = {|PSF1003:"Server=db;Database=Shop;User Id=app;Password={{Random32}};"|};

                void M(Options options)
                {
                    options.ClientSecret = {|PSF1005:"{{Random32}}"|};
                }
            }
            """;
        const string FixedSource = """
            class Options { public string ClientSecret { get; set; } = ""; }

            class C
            {
                public string Database { get; } = System.Environment.GetEnvironmentVariable("DATABASE") ?? throw new System.InvalidOperationException("Set the DATABASE environment variable.");

                void M(Options options)
                {
                    options.ClientSecret = System.Environment.GetEnvironmentVariable("CLIENT_SECRET") ?? throw new System.InvalidOperationException("Set the CLIENT_SECRET environment variable.");
                }
            }
            """;

        await VerifySecret.VerifyFixAsync(source, FixedSource);
    }

    [Fact]
    public async Task Replaces_a_secret_passed_as_an_argument()
    {
        var source = $$"""
            using System;
            using System.Net;

            class C
            {
                NetworkCredential M() => new NetworkCredential("app", {|PSF1005:"{{Random32}}"|});
            }
            """;
        const string FixedSource = """
            using System;
            using System.Net;

            class C
            {
                NetworkCredential M() => new NetworkCredential("app", Environment.GetEnvironmentVariable("NETWORK_CREDENTIAL_SECRET") ?? throw new InvalidOperationException("Set the NETWORK_CREDENTIAL_SECRET environment variable."));
            }
            """;

        await VerifySecret.VerifyFixAsync(source, FixedSource);
    }

    [Theory]
    [InlineData("SigningKeyPem", "SIGNING_KEY_PEM")]
    [InlineData("apiKey", "API_KEY")]
    [InlineData("_clientSecret", "CLIENT_SECRET")]
    [InlineData("RSAKey", "RSA_KEY")]
    [InlineData("key2", "KEY2")]
    public void Names_the_variable_in_upper_snake_case(string identifier, string expected)
    {
        Assert.Equal(expected, ReadSecretFromEnvironmentCodeFixProvider.ToUpperSnakeCase(identifier));
    }
}
