using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Configuration.AspNetCore;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

/// <summary>PSF2040–PSF2042, PSF2048–PSF2050: cookies, CORS, exception page, clear-text endpoints, antiforgery.</summary>
public sealed class WebAppAnalyzersTests
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
        await ConfigurationVerifier<CookieWithoutSecureAnalyzer>.VerifyAsync(
            source,
            ConfigurationVerifier<CookieWithoutSecureAnalyzer>.Diagnostic("PSF2040").WithLocation(0).WithArguments("CookieOptions without Secure"));
    }

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
        await ConfigurationVerifier<CookieWithoutHttpOnlyAnalyzer>.VerifyAsync(source);
    }

    [Fact]
    public async Task Cors_any_origin_with_credentials_is_reported()
    {
        var source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;
            using Microsoft.Extensions.DependencyInjection;

            class C
            {
                static bool AnyOrigin(string origin) => true;

                void M(IServiceCollection services)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("a", p => {|#0:p.AllowAnyOrigin().AllowAnyHeader().AllowCredentials()|});
                        o.AddPolicy("b", p => [|p.SetIsOriginAllowed(_ => true).AllowCredentials()|]);
                        o.AddPolicy("c", p =>
                        {
                            p.SetIsOriginAllowed(AnyOrigin);
                            [|p.AllowCredentials()|];
                        });
                    });
                }
            }
            """;
        await ConfigurationVerifier<CorsAnyOriginWithCredentialsAnalyzer>.VerifyAsync(
            source,
            ConfigurationVerifier<CorsAnyOriginWithCredentialsAnalyzer>.Diagnostic("PSF2042").WithLocation(0).WithArguments("any origin (AllowAnyOrigin)"));
    }

    [Fact]
    public async Task Cors_with_explicit_origins_or_without_credentials_is_not_reported()
    {
        var source = """
            using Microsoft.Extensions.DependencyInjection;

            class C
            {
                void M(IServiceCollection services)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("a", p => p.WithOrigins("https://shop.contoso.com").AllowCredentials());
                        o.AddPolicy("b", p => p.AllowAnyOrigin().AllowAnyHeader());
                        o.AddPolicy("c", p => p.SetIsOriginAllowed(origin => origin.EndsWith(".contoso.com")).AllowCredentials());
                    });
                }
            }
            """;
        await ConfigurationVerifier<CorsAnyOriginWithCredentialsAnalyzer>.VerifyAsync(source);
    }

    [Fact]
    public async Task Developer_exception_page_outside_development_is_reported()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Hosting;

            class C
            {
                void Unguarded(WebApplication app) => [|app.UseDeveloperExceptionPage()|];

                void Guarded(WebApplication app)
                {
                    if (app.Environment.IsDevelopment())
                    {
                        app.UseDeveloperExceptionPage();
                    }
                    else
                    {
                        app.UseExceptionHandler("/error");
                    }
                }

                void EarlyExit(IApplicationBuilder app, IHostEnvironment env)
                {
                    if (!env.IsDevelopment())
                    {
                        return;
                    }

                    app.UseDeveloperExceptionPage();
                }

                void WrongGuard(WebApplication app)
                {
                    if (app.Environment.IsProduction())
                    {
                        [|app.UseDeveloperExceptionPage()|];
                    }
                }
            }
            """;
        await ConfigurationVerifier<DeveloperExceptionPageUnguardedAnalyzer>.VerifyAsync(source);
    }

    [Fact]
    public async Task Cleartext_endpoints_to_remote_hosts_are_reported()
    {
        var source = """
            using System;
            using System.Net.Http;
            using System.Net.WebSockets;
            using System.Threading;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            class C
            {
                const string Payments = "http://payments.contoso.com/api/";

                async void M(HttpClient client, ClientWebSocket socket, IWebHostBuilder host)
                {
                    client.BaseAddress = {|#0:new Uri(Payments)|};
                    await client.GetStringAsync([|"http://user:pw@inventory.contoso.com/items"|]);
                    await socket.ConnectAsync([|new Uri("ws://feed.contoso.com/live")|], CancellationToken.None);
                    host.UseUrls([|"http://shop.contoso.com:80"|]);
                }
            }
            """;
        await ConfigurationVerifier<CleartextEndpointAnalyzer>.VerifyAsync(
            source,
            ConfigurationVerifier<CleartextEndpointAnalyzer>.Diagnostic("PSF2049").WithLocation(0).WithArguments("http://payments.contoso.com", "https"));
    }

    [Fact]
    public async Task Https_loopback_and_wildcard_listen_addresses_are_not_reported()
    {
        var source = """
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Hosting;

            class C
            {
                async void M(HttpClient client, IWebHostBuilder host)
                {
                    client.BaseAddress = new Uri("https://payments.contoso.com/");
                    await client.GetStringAsync("http://localhost:5000/health");
                    await client.GetStringAsync("http://127.0.0.1:8080/");
                    host.UseUrls("http://+:8080", "http://0.0.0.0:5000");
                    var ns = "http://schemas.xmlsoap.org/soap/envelope/";
                }
            }
            """;
        await ConfigurationVerifier<CleartextEndpointAnalyzer>.VerifyAsync(source);
    }

    [Theory]
    [InlineData("http://a.contoso.com", false, "http://a.contoso.com")]
    [InlineData("http://u:secret@a.contoso.com/x", false, "http://a.contoso.com")]
    [InlineData("http://[::1]:80", false, null)]
    [InlineData("http://*:80", true, null)]
    [InlineData("http://*:80", false, "http://*:80")]
    [InlineData("https://a; http://b.contoso.com", false, "http://b.contoso.com")]
    [InlineData("http://", false, null)]
    public void Cleartext_address_parser_never_shows_credentials(string address, bool listening, string? shown) =>
        Assert.Equal(shown, CleartextEndpointAnalyzer.Cleartext(address, listening)?.Shown);

    [Fact]
    public async Task Ignored_antiforgery_on_state_changing_actions_is_reported()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            public class AccountController : Controller
            {
                [HttpPost, IgnoreAntiforgeryToken]
                public IActionResult {|#0:ChangeEmail|}(string email) => Ok();

                [HttpGet, IgnoreAntiforgeryToken]
                public IActionResult Profile() => Ok();

                [HttpPost]
                public IActionResult Save() => Ok();
            }

            [IgnoreAntiforgeryToken]
            public class OrdersController : Controller
            {
                [HttpDelete]
                public IActionResult [|Cancel|](int id) => Ok();
            }

            [ApiController, IgnoreAntiforgeryToken]
            public class ApiOrdersController : ControllerBase
            {
                [HttpPost]
                public IActionResult Create() => Ok();
            }

            static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    [|app.MapPost("/transfer", () => Results.Ok()).DisableAntiforgery()|];
                    app.MapGet("/balance", () => Results.Ok()).DisableAntiforgery();
                }
            }
            """;
        await ConfigurationVerifier<AntiforgeryIgnoredOnStateChangingActionAnalyzer>.VerifyAsync(
            source,
            ConfigurationVerifier<AntiforgeryIgnoredOnStateChangingActionAnalyzer>.Diagnostic("PSF2050").WithLocation(0).WithArguments("ChangeEmail"));
    }

    [Fact]
    public async Task An_action_ignored_twice_is_reported_once_and_a_qualified_attribute_is_seen()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            [Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute]
            public class PaymentsController : Controller
            {
                [HttpPut, IgnoreAntiforgeryToken]
                public IActionResult [|Refund|](int id) => Ok();

                [HttpPatch]
                public IActionResult [|Adjust|](int id) => Ok();

                public IActionResult Helper() => Ok();
            }
            """;
        await ConfigurationVerifier<AntiforgeryIgnoredOnStateChangingActionAnalyzer>.VerifyAsync(source);
    }
}
