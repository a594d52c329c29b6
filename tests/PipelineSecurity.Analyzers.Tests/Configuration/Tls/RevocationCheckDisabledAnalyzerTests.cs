using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Tls.RevocationCheckDisabledAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Tls;

public sealed class RevocationCheckDisabledAnalyzerTests
{
    [Fact]
    public async Task Revocation_check_switched_off_is_reported()
    {
        var source = """
            using System.Net.Http;
            using System.Net.Security;
            using System.Security.Cryptography.X509Certificates;

            class C
            {
                static readonly X509RevocationMode Mode = X509RevocationMode.NoCheck;

                void M(X509Chain chain)
                {
                    var h = new HttpClientHandler { CheckCertificateRevocationList = [|false|] };
                    chain.ChainPolicy.RevocationMode = [|X509RevocationMode.NoCheck|];
                    var o = new SslClientAuthenticationOptions { CertificateRevocationCheckMode = [|Mode|] };
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Revocation_check_left_on_is_not_reported()
    {
        var source = """
            using System.Net.Http;
            using System.Security.Cryptography.X509Certificates;

            class C
            {
                void M(X509Chain chain, bool fromConfig)
                {
                    var h = new HttpClientHandler { CheckCertificateRevocationList = true };
                    h.CheckCertificateRevocationList = fromConfig;
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.Online;
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task ServicePointManager_revocation_off_is_reported_through_a_local()
    {
        var source = """
            using System.Net;

            class Startup
            {
                void Configure()
                {
                    var check = false;
                    ServicePointManager.CheckCertificateRevocationList = [|check|];
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task A_secure_default_the_user_can_opt_out_of_is_not_reported()
    {
        var source = """
            using System.Net.Security;
            using System.Security.Cryptography.X509Certificates;

            sealed class ConnectionSettings
            {
                public bool CheckCertificateRevocation { get; set; } = true;
            }

            class Connector
            {
                void Connect(ConnectionSettings settings, X509Chain chain)
                {
                    var options = new SslClientAuthenticationOptions
                    {
                        CertificateRevocationCheckMode = settings.CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
                    };
                    var mode = settings.CheckCertificateRevocation ? X509RevocationMode.Offline : X509RevocationMode.NoCheck;
                    chain.ChainPolicy.RevocationMode = mode;
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
