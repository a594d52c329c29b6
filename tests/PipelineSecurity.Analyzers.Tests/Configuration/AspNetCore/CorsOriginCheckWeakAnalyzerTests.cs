using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.CorsOriginCheckWeakAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class CorsOriginCheckWeakAnalyzerTests
{
    [Fact]
    public async Task Substring_origin_checks_clear_text_origins_and_reflection_are_reported()
    {
        var source = """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Cors.Infrastructure;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            class Startup
            {
                static bool IsTrusted(string origin) => [|new Uri(origin).Host.EndsWith("contoso.com")|];

                void ConfigureServices(IServiceCollection services)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("a", p => p.SetIsOriginAllowed(origin => {|#0:origin.Contains("contoso")|}).AllowCredentials());
                        o.AddPolicy("b", p => p.SetIsOriginAllowed(origin => [|origin.StartsWith("https://contoso.com")|]));
                        o.AddPolicy("c", p => p.SetIsOriginAllowed(IsTrusted));
                        o.AddPolicy("d", p => p.WithOrigins("https://shop.contoso.com", [|"http://legacy.contoso.com"|]).AllowCredentials());
                    });
                }

                void Configure(WebApplication app)
                {
                    app.Use(async (context, next) =>
                    {
                        var origin = context.Request.Headers["Origin"];
                        context.Response.Headers["Access-Control-Allow-Origin"] = [|origin|];
                        context.Response.Headers.Append("Access-Control-Allow-Origin", [|context.Request.Headers.Origin|]);
                        context.Response.Headers.AccessControlAllowOrigin = [|context.Request.Headers["Origin"]|];
                        await next();
                    });
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source,
            Verify.Diagnostic("PSF2060").WithLocation(0).WithArguments("SetIsOriginAllowed matches origins with Contains",
                "compare the whole origin with a list of allowed origins, or the parsed host with == or EndsWith(\".contoso.com\")"));
    }

    [Fact]
    public async Task Exact_and_dot_bounded_checks_https_origins_and_fixed_headers_are_not_reported()
    {
        var source = """
            using System;
            using System.Collections.Generic;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            class Startup
            {
                static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase) { "https://shop.contoso.com" };

                void ConfigureServices(IServiceCollection services)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("a", p => p.SetIsOriginAllowed(origin => Allowed.Contains(origin)).AllowCredentials());
                        o.AddPolicy("b", p => p.SetIsOriginAllowed(origin => new Uri(origin).Host.EndsWith(".contoso.com", StringComparison.OrdinalIgnoreCase)));
                        o.AddPolicy("c", p => p.SetIsOriginAllowed(origin => new Uri(origin).Host == "contoso.com"));
                        o.AddPolicy("d", p => p.WithOrigins("https://shop.contoso.com", "http://localhost:4200").AllowCredentials());
                        o.AddPolicy("e", p => p.WithOrigins("http://catalog.contoso.com").AllowAnyHeader());
                    });
                }

                void Configure(WebApplication app)
                {
                    app.Use(async (context, next) =>
                    {
                        context.Response.Headers["Access-Control-Allow-Origin"] = "https://shop.contoso.com";
                        context.Response.Headers["Vary"] = context.Request.Headers["Origin"];
                        await next();
                    });
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
