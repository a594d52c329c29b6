using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Tls.MailOrFtpWithoutTlsAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Tls;

public sealed class MailOrFtpWithoutTlsAnalyzerTests
{
    [Fact]
    public async Task Smtp_and_ftp_without_tls_are_reported_and_with_tls_are_not()
    {
        var source = """
            using System.Net;
            using System.Net.Mail;

            class C
            {
            #pragma warning disable SYSLIB0014
                void M()
                {
                    var smtp = new SmtpClient("mail.contoso.com") { EnableSsl = {|#0:false|} };
                    var useTls = false;
                    var ftp = (FtpWebRequest)WebRequest.Create("ftps://files.contoso.com/a.txt");
                    ftp.EnableSsl = [|useTls|];
                    var secure = new SmtpClient("mail.contoso.com") { EnableSsl = true };
                }
            #pragma warning restore SYSLIB0014
            }
            """;
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2006").WithLocation(0).WithArguments("SmtpClient"));
    }
}
