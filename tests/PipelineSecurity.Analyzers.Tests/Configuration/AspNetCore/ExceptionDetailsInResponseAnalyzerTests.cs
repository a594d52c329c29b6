using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.ExceptionDetailsInResponseAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class ExceptionDetailsInResponseAnalyzerTests
{
    [Fact]
    public async Task Stack_traces_sent_to_the_client_are_reported()
    {
        var source = """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            class OrdersController : ControllerBase
            {
                public IActionResult Get(int id)
                {
                    try { return Ok(id); }
                    catch (Exception ex) { return StatusCode(500, {|#0:ex.ToString()|}); }
                }

                public IActionResult Post()
                {
                    try { return Ok(); }
                    catch (InvalidOperationException ex) { return Problem(detail: [|ex.StackTrace|]); }
                }

                public IActionResult Delete()
                {
                    try { return Ok(); }
                    catch (Exception ex) { return BadRequest([|ex|]); }
                }
            }

            static class Handlers
            {
                public static async Task Handle(HttpContext context, Exception error)
                {
                    var text = $"Failed: {error}";
                    await context.Response.WriteAsync([|text|]);
                    var problem = new ProblemDetails { Detail = [|"Error: " + error|] };
                    await context.Response.WriteAsJsonAsync([|problem.Detail + error.ToString()|]);
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source,
            Verify.Diagnostic("PSF2056").WithLocation(0).WithArguments("ControllerBase.StatusCode"));
    }

    [Fact]
    public async Task Messages_generic_text_and_development_only_details_are_not_reported()
    {
        var source = """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;

            class OrdersController : ControllerBase
            {
                private readonly ILogger<OrdersController> logger;
                private readonly IWebHostEnvironment env;

                public OrdersController(ILogger<OrdersController> logger, IWebHostEnvironment env) { this.logger = logger; this.env = env; }

                public IActionResult Get(int id)
                {
                    try { return Ok(id); }
                    catch (ArgumentException ex) { return BadRequest(ex.Message); }
                    catch (Exception ex)
                    {
                        logger.LogError(ex, "Order {Id} failed", id);
                        return Problem(detail: env.IsDevelopment() ? ex.ToString() : "An error occurred.");
                    }
                }

                public async Task Handle(HttpContext context, Exception error)
                {
                    if (env.IsDevelopment())
                    {
                        await context.Response.WriteAsync(error.ToString());
                        return;
                    }

                    await context.Response.WriteAsync("Something went wrong. Trace id: " + context.TraceIdentifier);
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
