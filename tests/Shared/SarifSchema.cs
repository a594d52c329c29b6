using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Xunit;

namespace PipelineSecurity.Tests.Shared;

/// <summary>
/// Validates SARIF logs against the official SARIF 2.1.0 schema kept in tests/Schemas/sarif, which the test project
/// copies into its output folder (Schemas/sarif).
/// <para>
/// The schema is draft-04; JsonSchema.Net 8 implements drafts 6, 7, 2019-09 and 2020-12 only. It is loaded as draft-07
/// after checking the draft-04 → draft-06/07 differences against this schema: (1) the root "id" is dropped (every
/// "$ref" in it is a local "#/definitions/…" pointer, so no base URI is needed); (2) draft-04's boolean
/// exclusiveMinimum/exclusiveMaximum, which changed meaning in draft-06, do not occur in it (asserted below);
/// (3) everything else it uses (type, properties, additionalProperties, required, enum, items, minItems, uniqueItems,
/// minimum, pattern, oneOf/anyOf, default, format) means the same in draft-07. Formats are asserted, not annotated.
/// </para>
/// <para>Compiled into each test project that needs it (tests/Shared), with JsonSchemaValidator.cs.</para>
/// </summary>
internal static class SarifSchema
{
    private static readonly JsonSchema Schema = Load();

    private static JsonSchema Load()
    {
        var path = Path.Combine(JsonSchemaValidator.SchemasFolder, "sarif", "sarif-schema-2.1.0.json");
        var text = File.ReadAllText(path);
        Assert.DoesNotContain("exclusiveMinimum", text);
        Assert.DoesNotContain("exclusiveMaximum", text);

        var node = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("http://json-schema.org/draft-04/schema#", (string?)node["$schema"]);
        node["$schema"] = "http://json-schema.org/draft-07/schema#";
        node.Remove("id");
        // A registry of its own: the global one refuses a second schema with the same $id (several test classes load it).
        return JsonSchema.FromText(node.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    public static void AssertValid(byte[] sarif)
    {
        using var document = JsonDocument.Parse(sarif);
        var result = Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var errors = result.Details?
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))
            .ToArray() ?? System.Array.Empty<string>();
        Assert.True(result.IsValid, "SARIF report is not valid against sarif-schema-2.1.0.json:\n" + string.Join("\n", errors.Take(20)));
    }

    /// <summary>A log that breaks the schema must be refused, or the validation above proves nothing.</summary>
    public static bool IsValid(string json)
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));
        return Schema.Evaluate(document.RootElement, new EvaluationOptions { RequireFormatValidation = true }).IsValid;
    }
}
