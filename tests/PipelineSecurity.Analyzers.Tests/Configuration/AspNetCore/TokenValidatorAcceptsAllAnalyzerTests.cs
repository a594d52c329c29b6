using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.TokenValidatorAcceptsAllAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class TokenValidatorAcceptsAllAnalyzerTests
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
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2044").WithLocation(0).WithArguments("SignatureValidator"));
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
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
