using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.DetailedErrorsEnabledAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class DetailedErrorsEnabledAnalyzerTests
{
    [Fact]
    public async Task Detailed_errors_and_pii_switched_on_are_reported()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.Logging;

            class Startup
            {
                void Configure(WebApplicationBuilder builder)
                {
                    IdentityModelEventSource.ShowPII = {|#0:true|};
                    IdentityModelEventSource.LogCompleteSecurityArtifact = [|true|];
                    builder.Services.AddSignalR(o => o.EnableDetailedErrors = [|true|]);
                    builder.Services.AddServerSideBlazor().AddCircuitOptions(o => o.DetailedErrors = [|true|]);
                    [|builder.WebHost.UseSetting(WebHostDefaults.DetailedErrorsKey, "true")|];
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source,
            Verify.Diagnostic("PSF2055").WithLocation(0).WithArguments("IdentityModelEventSource.ShowPII"));
    }

    [Fact]
    public async Task A_flag_that_flows_through_a_local_is_reported()
    {
        var source = """
            using Microsoft.AspNetCore.SignalR;
            using Microsoft.Extensions.DependencyInjection;

            class Startup
            {
                const bool Verbose = true;

                void ConfigureServices(IServiceCollection services)
                {
                    var detailed = Verbose;
                    services.AddSignalR(o => o.EnableDetailedErrors = [|detailed|]);
                    services.Configure<HubOptions>(o => o.EnableDetailedErrors = [|Verbose|]);
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Development_only_and_environment_driven_settings_are_not_reported()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Microsoft.IdentityModel.Logging;

            class Startup
            {
                void Configure(WebApplicationBuilder builder)
                {
                    if (builder.Environment.IsDevelopment())
                    {
                        IdentityModelEventSource.ShowPII = true;
                    }

                    builder.Services.AddSignalR(o => o.EnableDetailedErrors = builder.Environment.IsDevelopment());
                    builder.Services.AddServerSideBlazor().AddCircuitOptions(o => o.DetailedErrors = false);
                    IdentityModelEventSource.ShowPII = false;
                    builder.WebHost.UseSetting("https_port", "443");
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
