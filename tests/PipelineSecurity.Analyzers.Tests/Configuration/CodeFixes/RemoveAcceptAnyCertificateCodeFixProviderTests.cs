using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Configuration.Tls;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    PipelineSecurity.Analyzers.Configuration.Tls.CertificateValidationDisabledAnalyzer,
    PipelineSecurity.CodeFixes.Configuration.RemoveAcceptAnyCertificateCodeFixProvider>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.CodeFixes;

public sealed class RemoveAcceptAnyCertificateCodeFixProviderTests
{
    [Fact]
    public async Task Removes_DangerousAcceptAnyServerCertificateValidator()
    {
        var source = """
            using System.Net.Http;

            class C
            {
                HttpClient M()
                {
                    var a = new HttpClientHandler { ServerCertificateCustomValidationCallback = [|HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|] };
                    var b = new HttpClientHandler();
                    b.ServerCertificateCustomValidationCallback = [|HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|];
                    return new HttpClient(b);
                }
            }
            """;
        var fixedSource = """
            using System.Net.Http;

            class C
            {
                HttpClient M()
                {
                    var a = new HttpClientHandler { };
                    var b = new HttpClientHandler();
                    return new HttpClient(b);
                }
            }
            """;
        await Verify.VerifyFixAsync(ReferenceProfile.AspNetCore80, source, fixedSource);
    }
}
