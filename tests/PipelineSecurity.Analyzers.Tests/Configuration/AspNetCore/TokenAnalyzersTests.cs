using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Configuration.AspNetCore;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

/// <summary>PSF2043–PSF2047: JWT and OpenID Connect validation.</summary>
public sealed class TokenAnalyzersTests
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
        await ConfigurationVerifier<TokenValidationDisabledAnalyzer>.VerifyAsync(
            source,
            ConfigurationVerifier<TokenValidationDisabledAnalyzer>.Diagnostic("PSF2043").WithLocation(0).WithArguments("ValidateIssuer"));
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
        await ConfigurationVerifier<TokenValidationDisabledAnalyzer>.VerifyAsync(source);
    }

    [Fact]
    public async Task Validators_that_accept_everything_are_reported()
    {
        var source = Usings + """
            class Startup
            {
                static bool AnyAudience(System.Collections.Generic.IEnumerable<string> audiences, SecurityToken token, TokenValidationParameters p) => true;

                void Configure(TokenValidationParameters p)
                {
                    p.SignatureValidator = {|#0:(token, parameters) => new JsonWebToken(token)|};
                    p.IssuerValidator = [|(issuer, token, parameters) => issuer|];
                    p.AudienceValidator = [|AnyAudience|];
                    p.LifetimeValidator = [|(notBefore, expires, token, parameters) => true|];
                }
            }
            """;
        await ConfigurationVerifier<TokenValidatorAcceptsAllAnalyzer>.VerifyAsync(
            source,
            ConfigurationVerifier<TokenValidatorAcceptsAllAnalyzer>.Diagnostic("PSF2044").WithLocation(0).WithArguments("SignatureValidator"));
    }

    [Fact]
    public async Task Validators_that_check_are_not_reported()
    {
        var source = Usings + """
            class Startup
            {
                void Configure(TokenValidationParameters p)
                {
                    p.IssuerValidator = (issuer, token, parameters) =>
                        issuer.StartsWith("https://login.contoso.com/", StringComparison.Ordinal) ? issuer : throw new SecurityTokenInvalidIssuerException();
                    p.LifetimeValidator = (notBefore, expires, token, parameters) => expires > DateTime.UtcNow;
                }
            }
            """;
        await ConfigurationVerifier<TokenValidatorAcceptsAllAnalyzer>.VerifyAsync(source);
    }

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
        await ConfigurationVerifier<TokenClockSkewTooLargeAnalyzer>.VerifyAsync(
            source,
            ConfigurationVerifier<TokenClockSkewTooLargeAnalyzer>.Diagnostic("PSF2045").WithLocation(0).WithArguments("2 hours", "5"));
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
        await ConfigurationVerifier<TokenClockSkewTooLargeAnalyzer>.VerifyAsync(source, "pipeline_security.PSF2045.max_minutes = 60\n");
    }

    [Fact]
    public async Task Https_metadata_off_is_reported_outside_development()
    {
        var source = Usings + """
            class Startup
            {
                void Configure(IServiceCollection services, IHostEnvironment env)
                {
                    services.AddAuthentication()
                        .AddJwtBearer(o => o.RequireHttpsMetadata = [|false|])
                        .AddOpenIdConnect(o =>
                        {
                            if (env.IsDevelopment())
                            {
                                o.RequireHttpsMetadata = false;
                            }

                            o.ProtocolValidator.RequireNonce = true;
                        });
                }
            }
            """;
        await ConfigurationVerifier<HttpsMetadataNotRequiredAnalyzer>.VerifyAsync(source);
    }

    [Fact]
    public async Task Nonce_not_required_is_reported()
    {
        var source = Usings + """
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddOpenIdConnect(o =>
                    {
                        o.ProtocolValidator.RequireNonce = [|false|];
                        o.ProtocolValidator.RequireState = true;
                    });
                }
            }
            """;
        await ConfigurationVerifier<OpenIdConnectNonceNotRequiredAnalyzer>.VerifyAsync(source);
    }
}
