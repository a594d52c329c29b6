using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Tls.CertificateValidationPartialAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Tls;

public sealed class CertificateValidationPartialAnalyzerTests
{
    [Fact]
    public async Task Reports_callbacks_that_accept_name_mismatches_or_mask_chain_errors()
    {
        var source = """
            using System.Net.Http;
            using System.Net.Security;

            class C
            {
                void M(HttpClientHandler h, SslClientAuthenticationOptions o)
                {
                    h.ServerCertificateCustomValidationCallback = {|#0:(m, c, ch, e) => e == SslPolicyErrors.None || e == SslPolicyErrors.RemoteCertificateNameMismatch|};
                    o.RemoteCertificateValidationCallback = [|(s, c, ch, e) => (e & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None|];
                    h.ServerCertificateCustomValidationCallback = [|(m, c, ch, e) =>
                    {
                        if (e == SslPolicyErrors.RemoteCertificateChainErrors) return true;
                        return e == SslPolicyErrors.None;
                    }|];
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source, Verify.Diagnostic("PSF2002").WithLocation(0)
            .WithArguments("HttpClientHandler.ServerCertificateCustomValidationCallback", "RemoteCertificateNameMismatch"));
    }

    [Fact]
    public async Task Reports_lenient_chain_policy_flags()
    {
        var source = """
            using System.Security.Cryptography.X509Certificates;

            class C
            {
                void M(X509Chain chain)
                {
                    const X509VerificationFlags Lenient = X509VerificationFlags.AllowUnknownCertificateAuthority;
                    chain.ChainPolicy.VerificationFlags = [|Lenient|];
                    chain.ChainPolicy.VerificationFlags = [|X509VerificationFlags.AllFlags|];
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Does_not_report_strict_validation_or_rejections()
    {
        var source = """
            using System.Net.Http;
            using System.Net.Security;
            using System.Security.Cryptography.X509Certificates;

            class C
            {
                void M(HttpClientHandler h, X509Chain chain)
                {
                    h.ServerCertificateCustomValidationCallback = (m, c, ch, e) => e == SslPolicyErrors.None;
                    h.ServerCertificateCustomValidationCallback = (m, c, ch, e) =>
                    {
                        if (e == SslPolicyErrors.RemoteCertificateNameMismatch) return false;
                        return e == SslPolicyErrors.None;
                    };
                    chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task A_callback_that_may_accept_everything_is_left_to_PSF2001()
    {
        // One assignment, one finding: PSF2001 reports this callback (see CertificateValidationDisabledAnalyzerTests).
        var source = """
            using System.Net.Http;
            using System.Net.Security;

            class C
            {
                void M(HttpClientHandler h, bool lenient)
                {
                    System.Func<HttpRequestMessage, System.Security.Cryptography.X509Certificates.X509Certificate2?, System.Security.Cryptography.X509Certificates.X509Chain?, SslPolicyErrors, bool> check =
                        (m, c, ch, e) => true;
                    if (!lenient)
                    {
                        check = (m, c, ch, e) => e == SslPolicyErrors.None || e == SslPolicyErrors.RemoteCertificateNameMismatch;
                    }

                    h.ServerCertificateCustomValidationCallback = check;
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task A_lenient_callback_chosen_only_for_the_users_verify_ca_mode_is_not_reported()
    {
        var source = """
            using System.Net.Security;
            using System.Security.Cryptography.X509Certificates;

            enum SslMode { VerifyCA, VerifyFull }

            class Connector
            {
                static bool VerifyCA(object s, X509Certificate? c, X509Chain? ch, SslPolicyErrors e) => (e & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;

                static bool VerifyFull(object s, X509Certificate? c, X509Chain? ch, SslPolicyErrors e) => e == SslPolicyErrors.None;

                SslClientAuthenticationOptions Options(SslMode mode)
                {
                    RemoteCertificateValidationCallback callback;
                    if (mode == SslMode.VerifyCA)
                        callback = VerifyCA;
                    else
                        callback = VerifyFull;

                    return new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = callback };
                }

                SslClientAuthenticationOptions Always() =>
                    new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = [|VerifyCA|] };
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
