using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Xml.XmlDtdWithResolverAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Xml;

public sealed class XmlDtdWithResolverAnalyzerTests
{
    [Fact]
    public async Task Dtd_parsing_with_a_resolver_is_reported()
    {
        var source = """
            using System.Xml;

            class C
            {
                void M()
                {
                    var settings = new XmlReaderSettings { DtdProcessing = [|DtdProcessing.Parse|], XmlResolver = new XmlUrlResolver() };
                    var mode = DtdProcessing.Parse;
                    var later = new XmlReaderSettings();
                    later.DtdProcessing = [|mode|];
                    later.XmlResolver = new XmlUrlResolver();
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Dtd_parsing_without_a_resolver_or_prohibited_is_not_reported()
    {
        var source = """
            using System.Xml;

            class C
            {
                void M()
                {
                    var a = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse };
                    var b = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = null };
                    var c = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = new XmlUrlResolver() };
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
