using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.CookieWithoutHttpOnlyAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class CookieWithoutHttpOnlyAnalyzerTests
{
    [Fact]
    public async Task Cookies_without_httponly_are_reported()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.CookiePolicy;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            class C
            {
                void M(HttpResponse response, IServiceCollection services)
                {
                    var options = [|new CookieOptions()|];
                    options.Secure = true;
                    response.Cookies.Append("a", "1", options);
                    services.AddSession(o => o.Cookie.HttpOnly = [|false|]);
                    services.Configure<CookiePolicyOptions>(o => o.HttpOnly = [|HttpOnlyPolicy.None|]);
                    var ok = new CookieOptions { Secure = true };
                    ok.HttpOnly = true;
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
