using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.AntiforgeryIgnoredGloballyAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class AntiforgeryIgnoredGloballyAnalyzerTests
{
    [Fact]
    public async Task A_global_ignore_filter_is_reported_in_every_form()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            class Startup
            {
                void ConfigureServices(IServiceCollection services)
                {
                    services.AddControllersWithViews(o => [|o.Filters.Add(new IgnoreAntiforgeryTokenAttribute())|]);
                    services.AddMvc(o => [|o.Filters.Add<IgnoreAntiforgeryTokenAttribute>()|]);
                    var filter = new IgnoreAntiforgeryTokenAttribute { Order = 1000 };
                    services.AddRazorPages().AddMvcOptions(o => [|o.Filters.Add(filter)|]);
                    services.Configure<MvcOptions>(o => [|o.Filters.Add(typeof(IgnoreAntiforgeryTokenAttribute))|]);
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Validation_filters_and_other_filters_are_not_reported()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            class Startup
            {
                void ConfigureServices(IServiceCollection services)
                {
                    services.AddControllersWithViews(o =>
                    {
                        o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                        o.Filters.Add<ValidateAntiForgeryTokenAttribute>();
                        o.Filters.Add(new ResponseCacheAttribute { NoStore = true });
                    });
                }
            }

            [IgnoreAntiforgeryToken]
            class WebhookController : ControllerBase
            {
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
