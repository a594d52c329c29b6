using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.AntiforgeryValidationMissingAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class AntiforgeryValidationMissingAnalyzerTests
{
    private const string CookieApp = """
        using System.Threading;
        using Microsoft.AspNetCore.Authentication.Cookies;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;

        static class Program
        {
            static void Configure(WebApplicationBuilder builder)
            {
                builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
                builder.Services.AddControllersWithViews();
            }
        }

        public sealed record OrderForm(int Id, string Address);

        """;

    [Fact]
    public async Task State_changing_actions_of_a_cookie_authenticated_controller_with_views_are_reported()
    {
        var source = CookieApp + """
            [Authorize]
            public sealed class OrdersController : Controller
            {
                public IActionResult Index() => View();

                [HttpGet] public IActionResult Edit(int id) => View();

                [HttpPost]
                public IActionResult {|#0:Edit|}(OrderForm form) => RedirectToAction(nameof(Index));

                [HttpDelete("{id}")]
                public IActionResult {|#1:Delete|}(int id) => NoContent();

                [HttpPost, ValidateAntiForgeryToken]
                public IActionResult Cancel(int id) => RedirectToAction(nameof(Index));
            }
            """;

        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2068").WithLocation(0).WithArguments("OrdersController.Edit"),
            Verify.Diagnostic("PSF2068").WithLocation(1).WithArguments("OrdersController.Delete"));
    }

    [Fact]
    public async Task Identity_set_up_in_another_file_and_actions_inherited_through_a_base_controller_are_reported()
    {
        var identity = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.Extensions.DependencyInjection;

            static class IdentitySetup
            {
                public static IServiceCollection AddAccounts(this IServiceCollection services)
                {
                    services.AddIdentity<IdentityUser, IdentityRole>();
                    return services;
                }
            }
            """;
        var controllers = """
            using Microsoft.AspNetCore.Mvc;

            public abstract class AppController : Controller
            {
                [HttpPut]
                public IActionResult [|SavePreferences|](string theme) => Ok();
            }

            public sealed class ProfileController : AppController
            {
                [HttpPatch("email")]
                public IActionResult [|ChangeEmail|](string email) => Ok();
            }
            """;

        var test = new Verify.Test(ReferenceProfile.AspNetCore80);
        test.TestState.Sources.Add(("Identity.cs", identity));
        test.TestState.Sources.Add(("Controllers.cs", controllers));
        await test.RunAsync();
    }

    [Fact]
    public async Task Validation_on_the_controller_a_base_class_or_as_a_global_filter_is_not_reported()
    {
        var source = CookieApp + """
            [AutoValidateAntiforgeryToken]
            public abstract class SecureController : Controller { }

            public sealed class CartController : SecureController
            {
                [HttpPost] public IActionResult Add(int id) => Ok();
            }

            [ValidateAntiForgeryToken]
            public sealed class CheckoutController : Controller
            {
                [HttpPost] public IActionResult Pay(OrderForm form) => Ok();
            }
            """;
        var globalFilter = CookieApp.Replace(
            "builder.Services.AddControllersWithViews();",
            "builder.Services.AddControllersWithViews(o => o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));") + """
            public sealed class CartController : Controller
            {
                [HttpPost] public IActionResult Add(int id) => Ok();
            }
            """;
        var genericFilter = globalFilter.Replace("o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute())", "o.Filters.Add<ValidateAntiForgeryTokenAttribute>()");

        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, globalFilter);
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, genericFilter);
    }

    [Fact]
    public async Task Api_controllers_bearer_only_actions_json_bodies_and_ignored_tokens_are_not_reported()
    {
        var source = CookieApp + """
            [ApiController]
            [Route("api/orders")]
            public sealed class OrdersApiController : ControllerBase
            {
                [HttpPost] public IActionResult Create(OrderForm form) => Ok();
            }

            // A controller without views (ControllerBase) is not posted to by browser forms of the app.
            public sealed class StatusController : ControllerBase
            {
                [HttpPost] public IActionResult Reset(int id) => Ok();
            }

            public sealed class WidgetsController : Controller
            {
                [HttpPost, Authorize(AuthenticationSchemes = "Bearer")]
                public IActionResult Refresh(int id) => Ok();

                [HttpPost]
                public IActionResult Import([FromBody] OrderForm form, CancellationToken cancellationToken) => Ok();

                [HttpPost, IgnoreAntiforgeryToken]
                public IActionResult Webhook(string payload) => Ok();

                [HttpPost, NonAction]
                public IActionResult Helper(int id) => Ok();
            }
            """;

        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task An_app_without_cookie_authentication_is_not_reported()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            static class Program
            {
                static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddAuthentication("Bearer").AddBearerToken("Bearer");
                    builder.Services.AddControllersWithViews();
                }
            }

            public sealed class ReportsController : Controller
            {
                [HttpPost] public IActionResult Run(int id) => Ok();
            }
            """;

        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
