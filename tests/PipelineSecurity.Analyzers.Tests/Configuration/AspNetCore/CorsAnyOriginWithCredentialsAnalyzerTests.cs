using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.CorsAnyOriginWithCredentialsAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class CorsAnyOriginWithCredentialsAnalyzerTests
{
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
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2042").WithLocation(0).WithArguments("any origin (AllowAnyOrigin)"));
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
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
