using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Secrets;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using PipelineSecurity.CodeFixes.Secrets;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    PipelineSecurity.Analyzers.Secrets.PrivateKeyInLiteralAnalyzer,
    PipelineSecurity.CodeFixes.Secrets.ReadSecretFromEnvironmentCodeFixProvider>;

namespace PipelineSecurity.Analyzers.Tests.Secrets;

public sealed class ReadSecretFromEnvironmentCodeFixProviderTests
{
    private static readonly string RsaKey = FakeSecrets.PemAsEscapedLiteral("RSA PRIVATE KEY");

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

        await Verify.VerifyFixAsync(source, fixedSource);
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

        await Verify.VerifyFixAsync(source, fixedSource);
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
