using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Configuration.Xml;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Xml;

/// <summary>PSF2030 (DTD with resolver), PSF2031 (XmlUrlResolver), PSF2032 (XSLT scripts).</summary>
public sealed class XmlAnalyzersTests
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
        await ConfigurationVerifier<XmlDtdWithResolverAnalyzer>.VerifyAsync(source);
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
        await ConfigurationVerifier<XmlDtdWithResolverAnalyzer>.VerifyAsync(source);
    }

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
        await ConfigurationVerifier<XmlUrlResolverUsedAnalyzer>.VerifyAsync(
            source,
            ConfigurationVerifier<XmlUrlResolverUsedAnalyzer>.Diagnostic("PSF2031").WithLocation(0).WithArguments("XmlDocument"));
    }

    [Fact]
    public async Task Xslt_scripts_and_document_function_are_reported()
    {
        var source = """
            using System.Xml.Xsl;

            class C
            {
                void M()
                {
                    var a = new XsltSettings([|true|], false);
                    var enableScripts = true;
                    var b = new XsltSettings(false, [|enableScripts|]);
                    var c = new XsltSettings { EnableDocumentFunction = [|true|] };
                    var d = [|XsltSettings.TrustedXslt|];
                    var safe = XsltSettings.Default;
                    var alsoSafe = new XsltSettings(false, false);
                }
            }
            """;
        await ConfigurationVerifier<XsltScriptEnabledAnalyzer>.VerifyAsync(source);
    }
}
