using System.Threading.Tasks;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    PipelineSecurity.Analyzers.Secrets.HardCodedSecretAnalyzer,
    PipelineSecurity.CodeFixes.Secrets.ReadSecretFromEnvironmentCodeFixProvider>;

namespace PipelineSecurity.Analyzers.Tests.Secrets;

/// <summary>"Read from an environment variable" on PSF1002–PSF1005 findings.</summary>
public sealed class HardCodedSecretCodeFixTests
{
    private static readonly string GitHubToken = FakeTokens.GitHub();
    private static readonly string Random32 = FakeTokens.Alnum(32, 40);

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

        await Verify.VerifyFixAsync(source, FixedSource);
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

        await Verify.VerifyFixAsync(source, FixedSource);
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

        await Verify.VerifyFixAsync(source, FixedSource);
    }
}
