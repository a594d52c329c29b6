using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Deserialization.NewtonsoftTypeNameHandlingAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Deserialization;

public sealed class NewtonsoftTypeNameHandlingAnalyzerTests
{
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
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2021").WithLocation(0).WithArguments("All"));
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
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
