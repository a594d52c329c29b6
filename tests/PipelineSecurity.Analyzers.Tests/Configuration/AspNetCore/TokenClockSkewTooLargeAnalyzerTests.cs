using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.TokenClockSkewTooLargeAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class TokenClockSkewTooLargeAnalyzerTests
{
    private const string Usings = """
        using System;
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.AspNetCore.Authentication.OpenIdConnect;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.IdentityModel.JsonWebTokens;
        using Microsoft.IdentityModel.Tokens;

        """;

    [Fact]
    public async Task Large_clock_skew_is_reported_and_small_is_not()
    {
        var source = Usings + """
            class Startup
            {
                void Configure(TokenValidationParameters p)
                {
                    p.ClockSkew = {|#0:TimeSpan.FromHours(2)|};
                    var skew = TimeSpan.FromDays(1);
                    p.ClockSkew = [|skew|];
                    p.ClockSkew = [|TimeSpan.MaxValue|];
                    p.ClockSkew = TimeSpan.FromMinutes(2);
                    p.ClockSkew = TimeSpan.Zero;
                    p.ClockSkew = new TimeSpan(0, 5, 0);
                }
            }
            """;
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2045").WithLocation(0).WithArguments("2 hours", "5"));
    }

    [Fact]
    public async Task Maximum_clock_skew_is_configurable()
    {
        var source = Usings + """
            class Startup
            {
                void Configure(TokenValidationParameters p)
                {
                    p.ClockSkew = TimeSpan.FromMinutes(30);
                    p.ClockSkew = [|TimeSpan.FromMinutes(61)|];
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source, "pipeline_security.PSF2045.max_minutes = 60\n");
    }
}
