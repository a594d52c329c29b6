using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Deserialization.SerializerTypeFromInputAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Deserialization;

public sealed class SerializerTypeFromInputAnalyzerTests
{
    [Fact]
    public async Task Serializers_for_a_type_named_by_input_are_reported()
    {
        var source = """
            using System;
            using System.IO;
            using System.Runtime.Serialization;
            using System.Xml.Serialization;

            class MessageReader
            {
                public object Read(string typeName, Stream body)
                {
                    var serializer = new XmlSerializer({|#0:Type.GetType(typeName)|}!);
                    return serializer.Deserialize(body)!;
                }

                public object ReadContract(string typeName, Stream body)
                {
                    var type = typeof(MessageReader).Assembly.GetType(typeName, throwOnError: true)!;
                    return new DataContractSerializer([|type|]).ReadObject(body)!;
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source,
            Verify.Diagnostic("PSF2065").WithLocation(0).WithArguments("XmlSerializer"));
    }

    [Fact]
    public async Task Known_types_are_not_reported()
    {
        var source = """
            using System;
            using System.IO;
            using System.Xml.Serialization;

            class Order { public int Id { get; set; } }

            class MessageReader
            {
                public object Read(Stream body) => new XmlSerializer(typeof(Order)).Deserialize(body)!;

                public object ReadNamed(Stream body) => new XmlSerializer(Type.GetType("Order")!).Deserialize(body)!;

                public T Read<T>(Stream body) => (T)new XmlSerializer(typeof(T)).Deserialize(body)!;
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
