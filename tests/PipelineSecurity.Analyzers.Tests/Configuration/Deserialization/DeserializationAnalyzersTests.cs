using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Configuration.Deserialization;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Deserialization;

/// <summary>PSF2020 (insecure formatters), PSF2021 (Json.NET TypeNameHandling).</summary>
public sealed class DeserializationAnalyzersTests
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
        await ConfigurationVerifier<InsecureFormatterAnalyzer>.VerifyAsync(
            source,
            ConfigurationVerifier<InsecureFormatterAnalyzer>.Diagnostic("PSF2020").WithLocation(0).WithArguments("BinaryFormatter"));
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
        await ConfigurationVerifier<InsecureFormatterAnalyzer>.VerifyAsync(source);
    }

    [Fact]
    public async Task TypeNameHandling_without_binder_is_reported_through_flows()
    {
        var source = """
            using Newtonsoft.Json;

            class C
            {
                const TypeNameHandling Handling = TypeNameHandling.Auto;

                object? M(string json)
                {
                    var settings = new JsonSerializerSettings { TypeNameHandling = {|#0:TypeNameHandling.All|} };
                    var other = new JsonSerializerSettings();
                    other.TypeNameHandling = [|Handling|];
                    var serializer = JsonSerializer.Create();
                    serializer.TypeNameHandling = [|TypeNameHandling.Objects|];
                    return JsonConvert.DeserializeObject(json, settings);
                }
            }
            """;
        await ConfigurationVerifier<NewtonsoftTypeNameHandlingAnalyzer>.VerifyAsync(
            source,
            ConfigurationVerifier<NewtonsoftTypeNameHandlingAnalyzer>.Diagnostic("PSF2021").WithLocation(0).WithArguments("All"));
    }

    [Fact]
    public async Task TypeNameHandling_none_or_with_a_binder_is_not_reported()
    {
        var source = """
            using System;
            using Newtonsoft.Json;
            using Newtonsoft.Json.Serialization;

            class KnownTypesBinder : ISerializationBinder
            {
                public Type BindToType(string? assemblyName, string typeName) => typeof(object);
                public void BindToName(Type serializedType, out string? assemblyName, out string? typeName) { assemblyName = null; typeName = serializedType.Name; }
            }

            class C
            {
                void M()
                {
                    var none = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None };
                    var bound = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto, SerializationBinder = new KnownTypesBinder() };
                    var later = new JsonSerializerSettings();
                    later.TypeNameHandling = TypeNameHandling.Objects;
                    later.SerializationBinder = new KnownTypesBinder();
                }
            }
            """;
        await ConfigurationVerifier<NewtonsoftTypeNameHandlingAnalyzer>.VerifyAsync(source);
    }
}
