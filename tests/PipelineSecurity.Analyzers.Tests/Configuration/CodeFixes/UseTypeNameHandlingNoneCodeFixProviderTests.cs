using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Configuration.Deserialization;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    PipelineSecurity.Analyzers.Configuration.Deserialization.NewtonsoftTypeNameHandlingAnalyzer,
    PipelineSecurity.CodeFixes.Configuration.UseTypeNameHandlingNoneCodeFixProvider>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.CodeFixes;

public sealed class UseTypeNameHandlingNoneCodeFixProviderTests
{
    [Fact]
    public async Task Sets_TypeNameHandling_to_none()
    {
        var source = """
            using Newtonsoft.Json;

            class C
            {
                JsonSerializerSettings M(TypeNameHandling configured)
                {
                    var handling = TypeNameHandling.Auto;
                    var s = new JsonSerializerSettings { TypeNameHandling = [|TypeNameHandling.All|] };
                    s.TypeNameHandling = [|handling|];
                    return s;
                }
            }
            """;
        var fixedSource = """
            using Newtonsoft.Json;

            class C
            {
                JsonSerializerSettings M(TypeNameHandling configured)
                {
                    var handling = TypeNameHandling.Auto;
                    var s = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None };
                    s.TypeNameHandling = TypeNameHandling.None;
                    return s;
                }
            }
            """;
        await Verify.VerifyFixAsync(ReferenceProfile.AspNetCore80, source, fixedSource);
    }
}
