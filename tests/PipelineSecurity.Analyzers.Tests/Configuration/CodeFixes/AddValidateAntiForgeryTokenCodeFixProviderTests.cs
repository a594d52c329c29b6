using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.AntiforgeryValidationMissingAnalyzer,
    PipelineSecurity.CodeFixes.Configuration.AddValidateAntiForgeryTokenCodeFixProvider>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.CodeFixes;

public sealed class AddValidateAntiForgeryTokenCodeFixProviderTests
{
    private const string Setup = """
        static class Program
        {
            static void Configure(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
                Microsoft.Extensions.DependencyInjection.CookieExtensions.AddCookie(
                    Microsoft.Extensions.DependencyInjection.AuthenticationServiceCollectionExtensions.AddAuthentication(services));
        }

        """;

    [Fact]
    public async Task Adds_the_attribute_after_the_action_attributes()
    {
        var source = "using Microsoft.AspNetCore.Mvc;\n\n" + Setup + """
            public sealed class OrdersController : Controller
            {
                [HttpPost]
                [Route("orders/{id}/cancel")]
                public IActionResult [|Cancel|](int id) => Ok();

                [HttpDelete] public IActionResult [|Delete|](int id) => Ok();
            }
            """;
        var fixedSource = "using Microsoft.AspNetCore.Mvc;\n\n" + Setup + """
            public sealed class OrdersController : Controller
            {
                [HttpPost]
                [Route("orders/{id}/cancel")]
                [ValidateAntiForgeryToken]
                public IActionResult Cancel(int id) => Ok();

                [HttpDelete] [ValidateAntiForgeryToken] public IActionResult Delete(int id) => Ok();
            }
            """;

        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Uses_the_qualified_name_when_the_namespace_is_not_imported()
    {
        var source = Setup + """
            public sealed class OrdersController : Microsoft.AspNetCore.Mvc.Controller
            {
                [Microsoft.AspNetCore.Mvc.HttpPost]
                public Microsoft.AspNetCore.Mvc.IActionResult [|Cancel|](int id) => Ok();
            }
            """;
        var fixedSource = Setup + """
            public sealed class OrdersController : Microsoft.AspNetCore.Mvc.Controller
            {
                [Microsoft.AspNetCore.Mvc.HttpPost]
                [Microsoft.AspNetCore.Mvc.ValidateAntiForgeryToken]
                public Microsoft.AspNetCore.Mvc.IActionResult Cancel(int id) => Ok();
            }
            """;

        await VerifyFixAsync(source, fixedSource);
    }

    /// <summary>
    /// PSF2068 is reported at the end of the compilation (it needs the whole app's authentication and filters), so it
    /// is a non-local diagnostic: the IDE offers the fix in the error list and with full-solution analysis.
    /// </summary>
    private static async Task VerifyFixAsync(string source, string fixedSource)
    {
        var test = new Verify.Test(ReferenceProfile.AspNetCore80)
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        await test.RunAsync();
    }
}
