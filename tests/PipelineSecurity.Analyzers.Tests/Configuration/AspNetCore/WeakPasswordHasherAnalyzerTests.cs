using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.WeakPasswordHasherAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class WeakPasswordHasherAnalyzerTests
{
    [Fact]
    public async Task Low_iteration_counts_and_identity_v2_are_reported()
    {
        var source = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.Extensions.DependencyInjection;

            class Startup
            {
                void ConfigureServices(IServiceCollection services)
                {
                    var iterations = 10_000;
                    services.Configure<PasswordHasherOptions>(o => o.IterationCount = {|#0:iterations|});
                    services.Configure<PasswordHasherOptions>(o => o.CompatibilityMode = [|PasswordHasherCompatibilityMode.IdentityV2|]);
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source,
            Verify.Diagnostic("PSF2059").WithLocation(0).WithArguments("IterationCount = 10,000", "use at least 100,000 iterations"));
    }

    [Fact]
    public async Task Current_defaults_are_not_reported()
    {
        var source = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.Extensions.DependencyInjection;

            class Startup
            {
                void ConfigureServices(IServiceCollection services)
                {
                    services.Configure<PasswordHasherOptions>(o =>
                    {
                        o.IterationCount = 600_000;
                        o.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
                    });
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
