using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.CorsAnyOriginOnAuthenticatedEndpointsAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class CorsAnyOriginOnAuthenticatedEndpointsAnalyzerTests
{
    private const string Usings = """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Cors;
        using Microsoft.AspNetCore.Cors.Infrastructure;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;

        """;

    [Fact]
    public async Task Default_policy_allowing_any_origin_applied_by_UseCors_in_an_app_with_authentication_is_reported()
    {
        var source = Usings + """
            static class Program
            {
                static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddAuthentication().AddBearerToken();
                    builder.Services.AddCors(o => o.AddDefaultPolicy(p => {|#0:p.AllowAnyOrigin()|}.AllowAnyHeader().AllowAnyMethod()));
                    var app = builder.Build();
                    app.UseCors();
                    app.UseAuthentication();
                    app.UseAuthorization();
                    app.MapGet("/orders", () => "orders").RequireAuthorization();
                }
            }
            """;

        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2067").WithLocation(0).WithArguments(
                "the default policy", "any origin (AllowAnyOrigin)", "UseCors() applies it to every endpoint of an app that authenticates users"));
    }

    [Fact]
    public async Task Named_policy_applied_by_EnableCors_to_an_authorized_controller_is_reported()
    {
        var source = Usings + """
            static class Startup
            {
                static void Services(IServiceCollection services)
                {
                    services.AddCors(o => o.AddPolicy("partners", p => {|#0:p.SetIsOriginAllowed(origin => true)|}.AllowAnyHeader()));
                }
            }

            [Authorize]
            public abstract class SecureController : ControllerBase { }

            [EnableCors("partners")]
            public sealed class OrdersController : SecureController
            {
                [HttpGet] public IActionResult List() => Ok();
            }
            """;

        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2067").WithLocation(0).WithArguments(
                "'partners'", "any origin (SetIsOriginAllowed accepts all)", "[EnableCors] on OrdersController applies it to List, which requires an authenticated user"));
    }

    [Fact]
    public async Task Policy_followed_through_constants_locals_groups_and_method_groups_is_reported()
    {
        var source = Usings + """
            static class Policies
            {
                public const string Partner = "partner";
                public const string Spa = "spa";
            }

            static class Program
            {
                static void ConfigureSpa(CorsPolicyBuilder policy) => [|policy.WithOrigins("*")|].AllowAnyMethod();

                static void Configure(WebApplicationBuilder builder)
                {
                    var partner = new CorsPolicyBuilder().[|AllowAnyOrigin()|].Build();
                    builder.Services.AddCors(o =>
                    {
                        o.AddPolicy(Policies.Partner, partner);
                        o.AddPolicy(Policies.Spa, ConfigureSpa);
                    });
                    builder.Services.AddAuthentication().AddBearerToken();
                    var app = builder.Build();
                    app.UseCors(Policies.Spa);
                    var api = app.MapGroup("/api").RequireAuthorization();
                    api.MapGet("/orders", () => "orders").RequireCors(Policies.Partner);
                }
            }
            """;

        // new CorsPolicyBuilder().AllowAnyOrigin(): the markup spans the call from the receiver.
        source = source.Replace("new CorsPolicyBuilder().[|AllowAnyOrigin()|]", "[|new CorsPolicyBuilder().AllowAnyOrigin()|]");
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Inline_policies_are_reported_where_their_endpoints_authenticate()
    {
        var source = Usings + """
            static class Program
            {
                static void Configure(WebApplication app)
                {
                    app.UseCors(p => [|p.AllowAnyOrigin()|]);
                    app.MapPost("/pay", [Authorize] (HttpContext context) => Results.Ok()).RequireCors(p => [|p.AllowAnyOrigin()|]);
                }
            }
            """;

        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task A_public_api_without_authentication_is_not_reported()
    {
        var source = Usings + """
            static class Program
            {
                static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod()));
                    var app = builder.Build();
                    app.UseCors();
                    app.MapGet("/weather", () => new[] { "sunny", "rain" });
                }
            }
            """;

        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Any_origin_only_on_anonymous_endpoints_of_an_authenticated_app_is_not_reported()
    {
        var source = Usings + """
            static class Program
            {
                static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddAuthentication().AddBearerToken();
                    builder.Services.AddCors(o =>
                    {
                        o.AddPolicy("public", p => p.AllowAnyOrigin().WithMethods("GET"));
                        o.AddPolicy("app", p => p.WithOrigins("https://shop.contoso.com").AllowCredentials());
                        o.AddPolicy("unused", p => p.AllowAnyOrigin());
                    });
                    var app = builder.Build();
                    app.UseCors("app");
                    app.UseAuthentication();
                    app.MapGet("/health", () => "ok").RequireCors("public").AllowAnonymous();
                    app.MapGet("/status", [AllowAnonymous] () => "ok").RequireCors("public");
                    app.MapGet("/me", (HttpContext c) => c.User.Identity!.Name).RequireAuthorization();
                }
            }

            [AllowAnonymous]
            [EnableCors("public")]
            public sealed class CatalogController : ControllerBase
            {
                [HttpGet] public IActionResult List() => Ok();
            }

            [Authorize]
            public sealed class AccountController : ControllerBase
            {
                [HttpGet] public IActionResult Me() => Ok();

                [AllowAnonymous, EnableCors("public"), HttpGet("terms")] public IActionResult Terms() => Ok();
            }

            [EnableCors("public")]
            public sealed class NewsController : ControllerBase
            {
                [HttpGet] public IActionResult Latest() => Ok();
            }
            """;

        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Any_origin_with_credentials_is_left_to_PSF2042()
    {
        var source = Usings + """
            static class Program
            {
                static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddAuthentication().AddBearerToken();
                    builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.SetIsOriginAllowed(_ => true).AllowCredentials()));
                    builder.Build().UseCors();
                }
            }
            """;

        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task A_global_fallback_policy_makes_an_endpoint_without_attributes_authenticated()
    {
        var source = Usings + """
            static class Program
            {
                static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
                    builder.Services.AddCors(o => o.AddPolicy("reports", p => [|p.AllowAnyOrigin()|]));
                }
            }

            public sealed class ReportsController : ControllerBase
            {
                [EnableCors("reports"), HttpGet] public IActionResult Get() => Ok();
            }
            """;

        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task The_rule_is_turned_off_in_editorconfig()
    {
        var source = Usings + """
            static class Program
            {
                static void Configure(WebApplication app)
                {
                    app.UseAuthentication();
                    app.UseCors(p => [|p.AllowAnyOrigin()|]);
                }
            }
            """;

        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source.Replace("[|", string.Empty).Replace("|]", string.Empty),
            "dotnet_diagnostic.PSF2067.severity = none\n");
    }

    [Fact]
    public async Task MapControllers_with_RequireCors_reaches_authorized_controllers_but_DisableCors_actions_do_not_count()
    {
        var source = Usings + """
            static class Program
            {
                static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddCors(o =>
                    {
                        o.AddPolicy("controllers", p => [|p.AllowAnyOrigin()|]);
                        o.AddPolicy("widgets", p => p.AllowAnyOrigin());
                    });
                    var app = builder.Build();
                    app.MapControllers().RequireCors("controllers");
                }
            }

            [Microsoft.AspNetCore.Authorization.Authorize]
            [EnableCors("widgets")]
            public sealed class WidgetsController : ControllerBase
            {
                [DisableCors, HttpPost] public IActionResult Create() => Ok();

                [AllowAnonymous, HttpGet] public IActionResult List() => Ok();
            }
            """;

        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task A_cookie_only_app_is_not_reported_but_one_that_also_takes_tokens_is()
    {
        var cookieOnly = Usings + """
            static class Program
            {
                static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddAuthentication().AddCookie();
                    builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.AllowAnyOrigin()));
                    var app = builder.Build();
                    app.UseCors();
                    app.UseAuthentication();
                    app.MapGet("/orders", () => "orders").RequireAuthorization();
                }
            }
            """;
        var alsoTokens = cookieOnly
            .Replace(".AddCookie();", ".AddCookie().AddBearerToken();")
            .Replace("p => p.AllowAnyOrigin()", "p => [|p.AllowAnyOrigin()|]");

        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, cookieOnly);
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, alsoTokens);
    }
}
