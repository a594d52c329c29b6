using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.RequestSizeLimitDisabledAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class RequestSizeLimitDisabledAnalyzerTests
{
    [Fact]
    public async Task Removed_and_absurd_limits_are_reported()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Http.Features;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            class Startup
            {
                const long Unlimited = long.MaxValue;

                void Configure(WebApplicationBuilder builder)
                {
                    builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = {|#0:null|});
                    builder.Services.Configure<FormOptions>(o =>
                    {
                        o.MultipartBodyLengthLimit = [|Unlimited|];
                        o.ValueLengthLimit = [|int.MaxValue|];
                    });
                    builder.Services.Configure<IISServerOptions>(o => o.MaxRequestBodySize = [|5_000_000_000|]);
                }

                void Upload(HttpContext context)
                {
                    var limit = (long?)null;
                    context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = [|limit|];
                }
            }

            [[|DisableRequestSizeLimit|]]
            class UploadController : ControllerBase
            {
                [[|RequestSizeLimit(10_000_000_000)|]]
                public IActionResult Big() => Ok();

                [[|RequestFormLimits(MultipartBodyLengthLimit = long.MaxValue)|]]
                public IActionResult Form() => Ok();
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source,
            Verify.Diagnostic("PSF2057").WithLocation(0).WithArguments("KestrelServerLimits.MaxRequestBodySize = null (unlimited)", "1,024 MiB"));
    }

    [Fact]
    public async Task Bounded_limits_are_not_reported_and_the_maximum_is_configurable()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Http.Features;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            class Startup
            {
                void Configure(WebApplicationBuilder builder)
                {
                    builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 50 * 1024 * 1024);
                    builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = 268_435_456);
                }
            }

            class UploadController : ControllerBase
            {
                [RequestSizeLimit(104_857_600)]
                public IActionResult Avatar() => Ok();

                [RequestSizeLimit(800_000_000)]
                public IActionResult Video() => Ok();
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80,
            source.Replace("[RequestSizeLimit(800_000_000)]", "[{|PSF2057:RequestSizeLimit(800_000_000)|}]"),
            "pipeline_security.PSF2057.max_bytes = 536870912\n");
    }
}
