using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Tls.DeprecatedTlsProtocolAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Tls;

public sealed class DeprecatedTlsProtocolAnalyzerTests
{
    [Fact]
    public async Task Reports_deprecated_protocols_assigned_passed_or_combined()
    {
        var source = """
            using System.Net;
            using System.Net.Http;
            using System.Security.Authentication;

            class C
            {
                const SslProtocols Legacy = [|SslProtocols.Tls11|] | SslProtocols.Tls12;

            #pragma warning disable SYSLIB0039, SYSLIB0014, CS0618
                void M(HttpClientHandler h)
                {
                    h.SslProtocols = {|#0:SslProtocols.Tls|};
                    h.SslProtocols = Legacy;
                    ServicePointManager.SecurityProtocol = [|SecurityProtocolType.Tls11|] | SecurityProtocolType.Tls12;
                    h.SslProtocols = [|(SslProtocols)192|];
                }
            #pragma warning restore SYSLIB0039, SYSLIB0014, CS0618
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source, Verify.Diagnostic("PSF2003").WithLocation(0).WithArguments("SslProtocols.Tls"));
    }

    [Fact]
    public async Task Does_not_report_code_that_rejects_them_or_modern_protocols()
    {
        var source = """
            using System.Net.Http;
            using System.Net.Security;
            using System.Security.Authentication;

            class C
            {
            #pragma warning disable SYSLIB0039, CS0618
                bool IsWeak(SslStream s) => s.SslProtocol == SslProtocols.Tls || s.SslProtocol == SslProtocols.Tls11;

                bool IsWeakSwitch(SslProtocols p) => p switch
                {
                    SslProtocols.Ssl3 or SslProtocols.Tls => true,
                    _ => false,
                };

                void M(HttpClientHandler h, SslProtocols configured)
                {
                    h.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                    h.SslProtocols = SslProtocols.None;
                    h.SslProtocols = configured & ~(SslProtocols.Tls | SslProtocols.Tls11);
                    if (configured.HasFlag(SslProtocols.Tls)) throw new AuthenticationException();
                    if ((configured & SslProtocols.Tls11) != 0) throw new AuthenticationException();
                }
            #pragma warning restore SYSLIB0039, CS0618
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
