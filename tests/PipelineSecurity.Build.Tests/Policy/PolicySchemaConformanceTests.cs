using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy;

/// <summary>
/// One source of truth for the policy file's shape: the shipped schema (build/pipeline-security.schema.json) is the
/// oracle, and these tests walk every node of it, build documents from each node's valid values (its enum, const,
/// examples), its wrong types, its broken patterns and lengths, its missing required and dependent keys and an unknown
/// key, and prove the parser accepts exactly the documents the schema accepts. A key, type, enum value or rule added to
/// one side only fails here. What JSON Schema cannot say (a version range that parses, a real calendar date, an SPDX
/// expression) the parser checks on top; the examples in the schema are held to those rules too.
/// </summary>
public sealed class PolicySchemaConformanceTests
{
    private static readonly string SchemaPath = Path.Combine(TestPaths.RepoRoot, "build", "pipeline-security.schema.json");

    private static readonly JsonNode SchemaDocument = JsonNode.Parse(File.ReadAllText(SchemaPath))!;

    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(SchemaPath), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    /// <summary>Strings tried against every string node; those the node's pattern or length refuses are the broken values.</summary>
    private static readonly string[] BrokenStringCandidates = { "", "two words", "a;b", "not/valid!", "PSF12", "2026/12/31" };

    [Fact]
    public void The_parser_accepts_exactly_the_documents_the_schema_accepts_at_every_node()
    {
        var documents = Variants(SchemaDocument, "").Select(v => (v.Where, Json: v.Value?.ToJsonString() ?? "null")).Distinct().ToArray();

        var disagreements = new List<string>();
        var accepted = 0;
        foreach (var (where, json) in documents)
        {
            var schema = SchemaAccepts(json);
            var parser = ParserAccepts(json, out var error);
            if (schema != parser)
            {
                disagreements.Add($"{where}: schema {(schema ? "accepts" : "refuses")}, parser {(parser ? "accepts" : "refuses (" + error + ")")}: {json}");
            }

            accepted += schema ? 1 : 0;
        }

        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements.Take(30)));

        // The walk reached the whole schema: both verdicts occur many times.
        Assert.True(accepted >= 20, $"{accepted} of {documents.Length} generated documents are valid");
        Assert.True(documents.Length - accepted >= 60, $"{documents.Length - accepted} of {documents.Length} generated documents are invalid");
    }

    [Fact]
    public void Every_object_of_the_schema_is_read_with_exactly_its_keys()
    {
        var schemaShapes = ObjectNodes(SchemaDocument)
            .Select(node => string.Join(",", node["properties"]!.AsObject().Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal)))
            .ToHashSet();
        var seen = new List<IReadOnlyList<string>>();
        PolicyFileParser.Parse("/repo/pipeline-security.json", Encoding.UTF8.GetBytes(Maximal(SchemaDocument).ToJsonString()), seen);
        var parserShapes = seen.Select(keys => string.Join(",", keys.OrderBy(k => k, StringComparer.Ordinal))).ToHashSet();

        Assert.Equal(schemaShapes.OrderBy(s => s), parserShapes.OrderBy(s => s));
        Assert.Equal(PolicyFileParser.TopLevelKeys.OrderBy(k => k, StringComparer.Ordinal), SchemaDocument["properties"]!.AsObject().Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public void The_walk_can_fail_a_parser_that_drifts()
    {
        // A schema with one more key than the parser knows, and one enum value fewer: the walk finds both.
        var drifted = SchemaDocument.DeepClone();
        drifted["properties"]!["licenses"]!["properties"]!["spdxOnly"] = JsonNode.Parse("""{ "type": "boolean" }""");
        drifted["properties"]!["mode"]!["enum"]!.AsArray().RemoveAt(1);
        var schema = JsonSchema.FromText(drifted.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

        var disagreements = Variants(drifted, "")
            .Select(v => v.Value?.ToJsonString() ?? "null")
            .Count(json => Evaluate(schema, json) != ParserAccepts(json, out _));

        Assert.True(disagreements >= 2, $"{disagreements} disagreements");
    }

    // ---- The walk ---------------------------------------------------------------------------------------------------

    /// <summary>Documents (whole policies) that vary the node at <paramref name="where"/>, with the rest valid.</summary>
    private static IEnumerable<(string Where, JsonNode? Value)> Variants(JsonNode node, string where)
    {
        node = Resolve(node);
        foreach (var variant in NodeVariants(node, where))
        {
            yield return variant;
        }
    }

    private static IEnumerable<(string Where, JsonNode? Value)> NodeVariants(JsonNode node, string where)
    {
        if (node["oneOf"] is JsonArray alternatives)
        {
            foreach (var alternative in alternatives)
            {
                foreach (var variant in Variants(alternative!, where))
                {
                    yield return variant;
                }
            }

            yield break;
        }

        yield return (where + " valid", Valid(node));
        yield return (where + " maximal", Maximal(node));
        foreach (var wrong in WrongTypes(node))
        {
            yield return (where + " wrong type", wrong);
        }

        if (node["const"] is { } constant)
        {
            yield return (where + " other constant", JsonValue.Create(constant.GetValue<int>() + 1));
        }

        if (node["enum"] is JsonArray)
        {
            yield return (where + " not in enum", JsonValue.Create("no-such-value"));
        }

        if (Type(node) == "string")
        {
            foreach (var example in node["examples"] as JsonArray ?? new JsonArray())
            {
                yield return (where + " example", example!.DeepClone());
            }

            foreach (var candidate in BrokenStringCandidates.Where(c => !StringFits(node, c)))
            {
                yield return (where + " broken string", JsonValue.Create(candidate));
            }
        }

        if (Type(node) == "array")
        {
            yield return (where + " empty array", new JsonArray());
            foreach (var (itemWhere, item) in Variants(node["items"]!, where + "[0]"))
            {
                yield return (itemWhere, new JsonArray(item));
            }
        }

        if (Type(node) == "object")
        {
            var properties = node["properties"]!.AsObject();
            var required = Required(node);
            var withUnknown = Maximal(node).AsObject();
            withUnknown["unknownKey"] = 1;
            yield return (where + " unknown key", withUnknown);

            foreach (var key in properties.Select(p => p.Key))
            {
                var without = Maximal(node).AsObject();
                without.Remove(key);
                yield return (where + " without " + key, without);

                foreach (var (valueWhere, value) in Variants(properties[key]!, where + "/" + key))
                {
                    var replaced = (required.Contains(key) ? Valid(node) : new JsonObject()).AsObject();
                    foreach (var requiredKey in required.Where(k => k != key))
                    {
                        replaced[requiredKey] = Valid(properties[requiredKey]!);
                    }

                    replaced[key] = value?.DeepClone();
                    yield return (valueWhere, replaced);
                }
            }
        }
    }

    /// <summary>The smallest valid value: the enum's first value, the constant, the first example, only the required keys.</summary>
    private static JsonNode Valid(JsonNode node)
    {
        node = Resolve(node);
        if (node["oneOf"] is JsonArray alternatives)
        {
            return Valid(alternatives[0]!);
        }

        if (node["const"] is { } constant)
        {
            return constant.DeepClone();
        }

        if (node["enum"] is JsonArray values)
        {
            return values[0]!.DeepClone();
        }

        if (node["examples"] is JsonArray examples)
        {
            return examples[0]!.DeepClone();
        }

        switch (Type(node))
        {
            case "boolean":
                return JsonValue.Create(true);
            case "array":
                return new JsonArray(Valid(node["items"]!));
            case "object":
                var result = new JsonObject();
                foreach (var key in Required(node))
                {
                    result[key] = Valid(node["properties"]![key]!);
                }

                return result;
            default:
                return JsonValue.Create("x");
        }
    }

    /// <summary>Every key present, arrays holding one of each alternative of their items.</summary>
    private static JsonNode Maximal(JsonNode node)
    {
        node = Resolve(node);
        if (node["oneOf"] is JsonArray alternatives)
        {
            return Maximal(alternatives[^1]!);
        }

        switch (Type(node))
        {
            case "array":
                var items = Resolve(node["items"]!);
                return items["oneOf"] is JsonArray itemAlternatives
                    ? new JsonArray(itemAlternatives.Select(a => (JsonNode?)Maximal(a!)).ToArray())
                    : new JsonArray(Maximal(items));
            case "object":
                var result = new JsonObject();
                foreach (var property in node["properties"]!.AsObject())
                {
                    result[property.Key] = Maximal(property.Value!);
                }

                return result;
            default:
                return Valid(node);
        }
    }

    private static IEnumerable<JsonNode?> WrongTypes(JsonNode node)
    {
        var type = Type(node);
        if (type is null)
        {
            // An enum or a constant without a type: another type is refused all the same.
            yield return JsonValue.Create(true);
            yield break;
        }

        foreach (var (name, value) in new (string, Func<JsonNode?>)[]
                 {
                     ("string", () => JsonValue.Create("x")), ("boolean", () => JsonValue.Create(false)), ("number", () => JsonValue.Create(7)),
                     ("array", () => new JsonArray()), ("object", () => new JsonObject()), ("null", () => null),
                 })
        {
            if (name != type)
            {
                yield return value();
            }
        }
    }

    private static bool StringFits(JsonNode node, string value) =>
        value.Length >= (node["minLength"]?.GetValue<int>() ?? 0)
        && (node["pattern"] is not { } pattern || Regex.IsMatch(value, pattern.GetValue<string>()));

    private static string? Type(JsonNode node) => node["type"]?.GetValue<string>();

    private static HashSet<string> Required(JsonNode node) =>
        (node["required"] as JsonArray ?? new JsonArray()).Select(k => k!.GetValue<string>())
            .Concat(node["anyOf"] is JsonArray anyOf ? anyOf[0]!["required"]!.AsArray().Select(k => k!.GetValue<string>()) : Array.Empty<string>())
            .ToHashSet();

    private static JsonNode Resolve(JsonNode node) =>
        node["$ref"] is { } reference
            ? Resolve(SchemaDocument["definitions"]![reference.GetValue<string>().Substring("#/definitions/".Length)]!)
            : node;

    /// <summary>Every object node with properties, reachable from the root through properties, items, oneOf and $ref.</summary>
    private static IEnumerable<JsonNode> ObjectNodes(JsonNode node)
    {
        node = Resolve(node);
        if (node["oneOf"] is JsonArray alternatives)
        {
            return alternatives.SelectMany(a => ObjectNodes(a!));
        }

        if (node["items"] is { } items)
        {
            return ObjectNodes(items);
        }

        if (node["properties"] is JsonObject properties)
        {
            return new[] { node }.Concat(properties.SelectMany(p => ObjectNodes(p.Value!)));
        }

        return Array.Empty<JsonNode>();
    }

    // ---- The two judges ---------------------------------------------------------------------------------------------

    private static bool SchemaAccepts(string json) => Evaluate(Schema, json);

    private static bool Evaluate(JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        return schema.Evaluate(document.RootElement).IsValid;
    }

    private static bool ParserAccepts(string json, out string? error)
    {
        try
        {
            PolicyFileParser.Parse("/repo/pipeline-security.json", Encoding.UTF8.GetBytes(json));
            error = null;
            return true;
        }
        catch (PolicyFileException invalid)
        {
            error = invalid.Errors.FirstOrDefault()?.Message;
            return false;
        }
    }
}
