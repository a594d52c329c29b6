using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.DeveloperExceptionPageUnguardedAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class DeveloperExceptionPageUnguardedAnalyzerTests
{
    [Fact]
    public async Task Developer_exception_page_outside_development_is_reported()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Hosting;

            class C
            {
                void Unguarded(WebApplication app) => [|app.UseDeveloperExceptionPage()|];

                void Guarded(WebApplication app)
                {
                    if (app.Environment.IsDevelopment())
                    {
                        app.UseDeveloperExceptionPage();
                    }
                    else
                    {
                        app.UseExceptionHandler("/error");
                    }
                }

                void EarlyExit(IApplicationBuilder app, IHostEnvironment env)
                {
                    if (!env.IsDevelopment())
                    {
                        return;
                    }

                    app.UseDeveloperExceptionPage();
                }

                void WrongGuard(WebApplication app)
                {
                    if (app.Environment.IsProduction())
                    {
                        [|app.UseDeveloperExceptionPage()|];
                    }
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
