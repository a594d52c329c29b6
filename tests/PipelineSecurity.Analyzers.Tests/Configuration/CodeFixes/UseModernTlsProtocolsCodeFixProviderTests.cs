using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Configuration.Tls;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    PipelineSecurity.Analyzers.Configuration.Tls.DeprecatedTlsProtocolAnalyzer,
    PipelineSecurity.CodeFixes.Configuration.UseModernTlsProtocolsCodeFixProvider>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.CodeFixes;

public sealed class UseModernTlsProtocolsCodeFixProviderTests
{
    [Fact]
    public async Task Replaces_deprecated_protocols_with_tls12_and_tls13()
    {
        var source = """
            using System.Net;
            using System.Net.Http;
            using System.Security.Authentication;

            class C
            {
            #pragma warning disable SYSLIB0014
                void M(HttpClientHandler h)
                {
                    h.SslProtocols = [|SslProtocols.Tls11|] | SslProtocols.Tls12;
                    ServicePointManager.SecurityProtocol = [|SecurityProtocolType.Tls11|];
                }
            #pragma warning restore SYSLIB0014
            }
            """;
        var fixedSource = """
            using System.Net;
            using System.Net.Http;
            using System.Security.Authentication;

            class C
            {
            #pragma warning disable SYSLIB0014
                void M(HttpClientHandler h)
                {
                    h.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                    ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13;
                }
            #pragma warning restore SYSLIB0014
            }
            """;
        await Verify.VerifyFixAsync(ReferenceProfile.AspNetCore80, source, fixedSource);
    }
}
