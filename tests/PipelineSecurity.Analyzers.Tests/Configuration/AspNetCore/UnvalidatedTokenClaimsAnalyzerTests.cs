using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.UnvalidatedTokenClaimsAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class UnvalidatedTokenClaimsAnalyzerTests
{
    [Fact]
    public async Task Claims_of_a_token_read_without_validation_that_become_the_user_are_reported()
    {
        var source = """
            using System.Security.Claims;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            using Microsoft.IdentityModel.JsonWebTokens;

            class TokenMiddleware
            {
                public Task Invoke(HttpContext context, string bearer)
                {
                    var handler = new JsonWebTokenHandler();
                    var token = [|handler.ReadJsonWebToken(bearer)|];
                    var claims = token.Claims;
                    context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, "jwt"));
                    return Task.CompletedTask;
                }

                public ClaimsIdentity Identity(string raw) => new ClaimsIdentity([|new JsonWebToken(raw)|].Claims, "Bearer");
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Validated_tokens_and_tokens_only_inspected_are_not_reported()
    {
        var source = """
            using System;
            using System.Security.Claims;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;

            class TokenMiddleware
            {
                public async Task Invoke(HttpContext context, string bearer, TokenValidationParameters parameters)
                {
                    var handler = new JsonWebTokenHandler();
                    var token = handler.ReadJsonWebToken(bearer);
                    var result = await handler.ValidateTokenAsync(token, parameters);
                    if (result.IsValid)
                    {
                        context.User = new ClaimsPrincipal(result.ClaimsIdentity);
                    }
                }

                public bool NeedsRefresh(string accessToken) =>
                    new JsonWebTokenHandler().ReadJsonWebToken(accessToken).ValidTo < DateTime.UtcNow.AddMinutes(1);

                public string Subject(string accessToken) => new JsonWebToken(accessToken).Subject;
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task JwtSecurityTokenHandler_reads_whose_claims_become_the_user_are_reported()
    {
        var source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Linq;
            using System.Security.Claims;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authentication;
            using Microsoft.AspNetCore.Http;

            class LegacyTokenSignIn
            {
                public Task SignIn(HttpContext context, string idToken)
                {
                    var handler = new JwtSecurityTokenHandler();
                    var jwt = [|handler.ReadJwtToken(idToken)|];
                    // Indirect: the claims are filtered into a local, then become the principal that is signed in.
                    var kept = jwt.Claims.Where(c => c.Type != "nonce").ToList();
                    var principal = new ClaimsPrincipal(new ClaimsIdentity(kept, "Cookies"));
                    return context.SignInAsync(principal);
                }

                public void FromHeader(HttpContext context, string raw)
                {
                    var token = (JwtSecurityToken)[|new JwtSecurityTokenHandler().ReadToken(raw)|];
                    context.User = new ClaimsPrincipal(new ClaimsIdentity(token.Claims, "Bearer"));
                }

                public ClaimsIdentity Identity(string raw) => new ClaimsIdentity([|new JwtSecurityToken(raw)|].Claims, "Bearer");
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task JwtSecurityTokenHandler_reads_that_are_validated_or_only_inspected_are_not_reported()
    {
        var source = """
            using System;
            using System.IdentityModel.Tokens.Jwt;
            using System.Linq;
            using System.Security.Claims;
            using Microsoft.AspNetCore.Http;
            using Microsoft.IdentityModel.Tokens;

            class TokenTools
            {
                public void Authenticate(HttpContext context, string raw, TokenValidationParameters parameters)
                {
                    var handler = new JwtSecurityTokenHandler();
                    var unverified = handler.ReadJwtToken(raw);
                    if (unverified.Header.Alg == SecurityAlgorithms.None)
                    {
                        return;
                    }

                    context.User = handler.ValidateToken(raw, parameters, out _);
                }

                public bool IsExpiring(string accessToken) =>
                    new JwtSecurityTokenHandler().ReadJwtToken(accessToken).ValidTo < DateTime.UtcNow.AddMinutes(5);

                public string? TenantForLogging(string accessToken) =>
                    new JwtSecurityTokenHandler().ReadJwtToken(accessToken).Claims.FirstOrDefault(c => c.Type == "tid")?.Value;
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
