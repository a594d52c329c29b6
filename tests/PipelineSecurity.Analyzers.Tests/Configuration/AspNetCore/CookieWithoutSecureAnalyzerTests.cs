using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.CookieWithoutSecureAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class CookieWithoutSecureAnalyzerTests
{
    [Fact]
    public async Task Cookies_without_secure_are_reported()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            class C
            {
                void M(HttpResponse response, IServiceCollection services)
                {
                    response.Cookies.Append("theme", "dark", {|#0:new CookieOptions { HttpOnly = true }|});
                    var insecure = false;
                    response.Cookies.Append("sid", "1", new CookieOptions { Secure = [|insecure|], HttpOnly = true });
                    services.AddSession(o => o.Cookie.SecurePolicy = [|CookieSecurePolicy.SameAsRequest|]);
                    services.Configure<CookiePolicyOptions>(o => o.Secure = [|CookieSecurePolicy.None|]);
                    var ok = new CookieOptions { Secure = true, HttpOnly = true };
                    services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
                }
            }
            """;
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2040").WithLocation(0).WithArguments("CookieOptions without Secure"));
    }
}
