using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Xml.XmlUrlResolverUsedAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Xml;

public sealed class XmlUrlResolverUsedAnalyzerTests
{
    [Fact]
    public async Task XmlUrlResolver_on_parsers_is_reported_and_null_is_not()
    {
        var source = """
            using System.IO;
            using System.Xml;

            class C
            {
                private static readonly XmlResolver Resolver = new XmlUrlResolver();

                void M(Stream s)
                {
                    var doc = new XmlDocument { XmlResolver = {|#0:new XmlUrlResolver()|} };
            #pragma warning disable SYSLIB0013
                    var reader = new XmlTextReader(s);
            #pragma warning restore SYSLIB0013
                    reader.XmlResolver = [|Resolver|];
                    var safe = new XmlDocument { XmlResolver = null };
                }
            }
            """;
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2031").WithLocation(0).WithArguments("XmlDocument"));
    }
}
