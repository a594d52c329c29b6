using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Deserialization.InsecureFormatterAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Deserialization;

public sealed class InsecureFormatterAnalyzerTests
{
    [Fact]
    public async Task BinaryFormatter_is_reported()
    {
        var source = """
            using System.IO;
            using System.Runtime.Serialization.Formatters.Binary;

            class C
            {
            #pragma warning disable SYSLIB0011
                object M(Stream s) => {|#0:new BinaryFormatter()|}.Deserialize(s);
            #pragma warning restore SYSLIB0011
            }
            """;
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2020").WithLocation(0).WithArguments("BinaryFormatter"));
    }

    [Fact]
    public async Task Safe_serializers_are_not_reported()
    {
        var source = """
            using System.IO;
            using System.Runtime.Serialization;
            using System.Text.Json;

            class Order { public int Id { get; set; } }

            class C
            {
                object? M(Stream s) => new DataContractSerializer(typeof(Order)).ReadObject(s);
                Order? N(string json) => JsonSerializer.Deserialize<Order>(json);
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
