using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.TokenValidationDisabledAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class TokenValidationDisabledAnalyzerTests
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
    public async Task Validation_flags_switched_off_in_an_options_lambda_are_reported()
    {
        var source = Usings + """
            class Startup
            {
                const bool Strict = false;

                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.TokenValidationParameters = new TokenValidationParameters
                        {
                            ValidateIssuer = {|#0:false|},
                            ValidateAudience = [|Strict|],
                            ValidateLifetime = true,
                        };
                        var validateKey = false;
                        o.TokenValidationParameters.ValidateIssuerSigningKey = [|validateKey|];
                        o.TokenValidationParameters.RequireSignedTokens = [|false|];
                    });
                }
            }
            """;
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2043").WithLocation(0).WithArguments("ValidateIssuer"));
    }

    [Fact]
    public async Task Validation_flags_left_at_default_or_true_are_not_reported()
    {
        var source = Usings + """
            class Startup
            {
                void Configure(IServiceCollection services, bool fromConfig)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.TokenValidationParameters = new TokenValidationParameters { ValidateIssuer = true, ValidateAudience = fromConfig };
                    });
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
