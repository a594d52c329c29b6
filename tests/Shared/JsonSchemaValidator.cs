using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Json.Schema;

namespace PipelineSecurity.Tests.Shared;

/// <summary>
/// Validates documents against the official schemas kept in tests/Schemas (sources and licences in its README), which
/// the test project copies into its output folder as Schemas/. Every schema a document's schema refers to is loaded
/// from disk and registered under its own $id: nothing is fetched. Compiled into each test project that needs it
/// (tests/Shared).
/// </summary>
internal sealed class JsonSchemaValidator
{
    private readonly JsonSchema _schema;

    private JsonSchemaValidator(JsonSchema schema) => _schema = schema;

    // Declared first: static initializers run in order, and the validators below need it.
    public static string SchemasFolder { get; } = Path.Combine(AppContext.BaseDirectory, "Schemas");

    /// <summary>CycloneDX 1.6 with the SPDX licence-id and JSF schemas it refers to.</summary>
    public static JsonSchemaValidator CycloneDx16 { get; } = Load(
        Path.Combine("cyclonedx", "bom-1.6.schema.json"),
        Path.Combine("cyclonedx", "spdx.schema.json"),
        Path.Combine("cyclonedx", "jsf-0.82.schema.json"));

    /// <summary>SPDX 2.3 (JSON).</summary>
    public static JsonSchemaValidator Spdx23 => Load(Path.Combine("spdx", "spdx-schema-2.3.json"));

    /// <summary>Loads <paramref name="main"/> after the schemas it refers to, all relative to <see cref="SchemasFolder"/>.</summary>
    public static JsonSchemaValidator Load(string main, params string[] referenced)
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        options.SchemaRegistry.Fetch = (uri, _) => throw new InvalidOperationException($"Schema {uri} is not registered; remote loading is off.");
        foreach (var file in referenced)
        {
            JsonSchema.FromFile(Path.Combine(SchemasFolder, file), options);
        }

        return new JsonSchemaValidator(JsonSchema.FromFile(Path.Combine(SchemasFolder, main), options));
    }

    /// <summary>The validation errors of <paramref name="json"/> (JSON pointer: message), empty when it is valid.</summary>
    public IReadOnlyList<string> Errors(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = _schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid)
        {
            return Array.Empty<string>();
        }

        return (result.Details ?? new List<EvaluationResults>())
            .Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Key}: {error.Value}"))
            .DefaultIfEmpty("invalid (no details)")
            .ToArray();
    }

    /// <summary>Fails the test with every error when <paramref name="json"/> is not valid.</summary>
    public void AssertValid(string json)
    {
        var errors = Errors(json);
        if (errors.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("The document does not match its schema:\n" + string.Join("\n", errors.Take(40)));
        }
    }
}
