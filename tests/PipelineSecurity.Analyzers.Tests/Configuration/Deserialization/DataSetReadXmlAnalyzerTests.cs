using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Deserialization.DataSetReadXmlAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Deserialization;

public sealed class DataSetReadXmlAnalyzerTests
{
    [Fact]
    public async Task Reading_xml_input_into_a_dataset_is_reported()
    {
        var source = """
            using System.Data;
            using System.IO;

            class Import
            {
                public DataSet Load(Stream upload)
                {
                    var data = new DataSet();
                    {|#0:data.ReadXml(upload)|};
                    return data;
                }

                public DataTable Table(string xml)
                {
                    var table = new DataTable();
                    var reader = new StringReader(xml);
                    [|table.ReadXml(reader)|];
                    return table;
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source,
            Verify.Diagnostic("PSF2064").WithLocation(0).WithArguments("DataSet.ReadXml"));
    }

    [Fact]
    public async Task A_fixed_file_and_writing_xml_are_not_reported()
    {
        var source = """
            using System.Data;
            using System.IO;

            class Seed
            {
                public DataSet Load()
                {
                    var data = new DataSet();
                    data.ReadXml("seed-data.xml");
                    return data;
                }

                public void Save(DataSet data, Stream output) => data.WriteXml(output);
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
