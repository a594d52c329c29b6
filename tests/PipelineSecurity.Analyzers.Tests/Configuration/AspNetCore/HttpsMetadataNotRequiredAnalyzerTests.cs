using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.HttpsMetadataNotRequiredAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class HttpsMetadataNotRequiredAnalyzerTests
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
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
