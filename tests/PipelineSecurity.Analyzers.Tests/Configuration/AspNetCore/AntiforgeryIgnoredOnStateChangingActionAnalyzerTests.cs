using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.AntiforgeryIgnoredOnStateChangingActionAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class AntiforgeryIgnoredOnStateChangingActionAnalyzerTests
{
    [Fact]
    public async Task Ignored_antiforgery_on_state_changing_actions_is_reported()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            public class AccountController : Controller
            {
                [HttpPost, IgnoreAntiforgeryToken]
                public IActionResult {|#0:ChangeEmail|}(string email) => Ok();

                [HttpGet, IgnoreAntiforgeryToken]
                public IActionResult Profile() => Ok();

                [HttpPost]
                public IActionResult Save() => Ok();
            }

            [IgnoreAntiforgeryToken]
            public class OrdersController : Controller
            {
                [HttpDelete]
                public IActionResult [|Cancel|](int id) => Ok();
            }

            [ApiController, IgnoreAntiforgeryToken]
            public class ApiOrdersController : ControllerBase
            {
                [HttpPost]
                public IActionResult Create() => Ok();
            }

            static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    [|app.MapPost("/transfer", () => Results.Ok()).DisableAntiforgery()|];
                    app.MapGet("/balance", () => Results.Ok()).DisableAntiforgery();
                }
            }
            """;
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2050").WithLocation(0).WithArguments("ChangeEmail"));
    }

    [Fact]
    public async Task An_action_ignored_twice_is_reported_once_and_a_qualified_attribute_is_seen()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            [Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute]
            public class PaymentsController : Controller
            {
                [HttpPut, IgnoreAntiforgeryToken]
                public IActionResult [|Refund|](int id) => Ok();

                [HttpPatch]
                public IActionResult [|Adjust|](int id) => Ok();

                public IActionResult Helper() => Ok();
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
