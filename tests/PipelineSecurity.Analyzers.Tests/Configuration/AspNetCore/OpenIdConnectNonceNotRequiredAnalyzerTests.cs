using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.OpenIdConnectNonceNotRequiredAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class OpenIdConnectNonceNotRequiredAnalyzerTests
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
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
