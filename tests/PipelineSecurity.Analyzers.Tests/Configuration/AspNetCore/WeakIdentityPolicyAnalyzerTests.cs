using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.WeakIdentityPolicyAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class WeakIdentityPolicyAnalyzerTests
{
    [Fact]
    public async Task Short_passwords_and_weak_lockout_are_reported()
    {
        var source = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.Extensions.DependencyInjection;

            class Startup
            {
                const int MinimumLength = 4;

                void ConfigureServices(IServiceCollection services)
                {
                    services.Configure<IdentityOptions>(options =>
                    {
                        options.Password.RequiredLength = {|#0:6|};
                        options.Lockout.MaxFailedAccessAttempts = [|100|];
                        options.Lockout.AllowedForNewUsers = [|false|];
                    });
                    var password = new PasswordOptions { RequiredLength = [|MinimumLength|] };
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source,
            Verify.Diagnostic("PSF2058").WithLocation(0).WithArguments("Password.RequiredLength = 6", "require at least 8 characters (length is what resists guessing)"));
    }

    [Fact]
    public async Task Current_guidance_and_composition_rules_are_not_reported()
    {
        var source = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.Extensions.DependencyInjection;

            class Startup
            {
                void ConfigureServices(IServiceCollection services, int configuredLength)
                {
                    services.Configure<IdentityOptions>(options =>
                    {
                        options.Password.RequiredLength = 12;
                        options.Password.RequireNonAlphanumeric = false;
                        options.Password.RequireDigit = false;
                        options.Lockout.MaxFailedAccessAttempts = 5;
                        options.Lockout.AllowedForNewUsers = true;
                        options.Password.RequiredLength = configuredLength;
                    });
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80,
            source.Replace("RequiredLength = 12", "RequiredLength = {|PSF2058:12|}"),
            "pipeline_security.PSF2058.min_password_length = 15\n");
    }
}
