using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Xml.XsltScriptEnabledAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Xml;

public sealed class XsltScriptEnabledAnalyzerTests
{
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
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
