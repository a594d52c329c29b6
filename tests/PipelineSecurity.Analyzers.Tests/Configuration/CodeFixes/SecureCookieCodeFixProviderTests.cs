using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Configuration.AspNetCore;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using PipelineSecurity.CodeFixes.Configuration;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Configuration.CodeFixes;

public sealed class SecureCookieCodeFixProviderTests
{
    [Fact]
    public async Task Makes_cookies_secure()
    {
        var source = """
            using Microsoft.AspNetCore.Http;

            class C
            {
                void M(HttpResponse response, CookieBuilder cookie)
                {
                    response.Cookies.Append("a", "1", [|new CookieOptions { HttpOnly = true }|]);
                    response.Cookies.Append("b", "2", new CookieOptions { Secure = [|false|], HttpOnly = true });
                    cookie.SecurePolicy = [|CookieSecurePolicy.SameAsRequest|];
                }
            }
            """;
        var fixedSource = """
            using Microsoft.AspNetCore.Http;

            class C
            {
                void M(HttpResponse response, CookieBuilder cookie)
                {
                    response.Cookies.Append("a", "1", new CookieOptions { HttpOnly = true, Secure = true });
                    response.Cookies.Append("b", "2", new CookieOptions { Secure = true, HttpOnly = true });
                    cookie.SecurePolicy = CookieSecurePolicy.Always;
                }
            }
            """;
        await CSharpCodeFixVerifier<CookieWithoutSecureAnalyzer, SecureCookieCodeFixProvider>.VerifyFixAsync(ReferenceProfile.AspNetCore80, source, fixedSource);
    }

    [Fact]
    public async Task Makes_cookies_http_only()
    {
        var source = """
            using Microsoft.AspNetCore.Http;

            class C
            {
                void M(HttpResponse response, CookieBuilder cookie)
                {
                    response.Cookies.Append("a", "1", [|new CookieOptions()|]);
                    cookie.HttpOnly = [|false|];
                }
            }
            """;
        var fixedSource = """
            using Microsoft.AspNetCore.Http;

            class C
            {
                void M(HttpResponse response, CookieBuilder cookie)
                {
                    response.Cookies.Append("a", "1", new CookieOptions { HttpOnly = true });
                    cookie.HttpOnly = true;
                }
            }
            """;
        await CSharpCodeFixVerifier<CookieWithoutHttpOnlyAnalyzer, SecureCookieCodeFixProvider>.VerifyFixAsync(ReferenceProfile.AspNetCore80, source, fixedSource);
    }
}
