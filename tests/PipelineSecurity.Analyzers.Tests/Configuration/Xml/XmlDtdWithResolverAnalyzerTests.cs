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

    [Fact]
    public async Task XmlTextReader_parsing_dtds_after_construction_is_reported_unless_its_resolver_is_removed()
    {
        var source = """
            using System.IO;
            using System.Xml;

            class Import
            {
                XmlReader Open(Stream input)
                {
                    var reader = new XmlTextReader(input);
                    reader.DtdProcessing = {|#0:DtdProcessing.Parse|};
                    return reader;
                }

            #pragma warning disable CS0618
                XmlReader Legacy(Stream input) => new XmlTextReader(input) { ProhibitDtd = [|false|] };
            #pragma warning restore CS0618

                XmlReader Safe(Stream input)
                {
                    var reader = new XmlTextReader(input) { XmlResolver = null };
                    reader.DtdProcessing = DtdProcessing.Parse;
                    return reader;
                }

                XmlReader Prohibited(Stream input)
                {
                    var reader = new XmlTextReader(input);
                    reader.DtdProcessing = DtdProcessing.Prohibit;
                    return reader;
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source,
            Verify.Diagnostic("PSF2030").WithLocation(0).WithArguments("XmlTextReader"));
    }
}
