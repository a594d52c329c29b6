using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy;

/// <summary>The shipped schema (build/pipeline-security.schema.json) and the parser accept the same files.</summary>
public sealed class PolicySchemaTests
{
    private static readonly string SchemaPath = Path.Combine(TestPaths.RepoRoot, "build", "pipeline-security.schema.json");

    private static bool SchemaAccepts(string json)
    {
        var schema = JsonSchema.FromText(File.ReadAllText(SchemaPath), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return schema.Evaluate(document.RootElement).IsValid;
    }

    private static bool ParserAccepts(string json)
    {
        try
        {
            PolicyFileParser.Parse("/repo/pipeline-security.json", System.Text.Encoding.UTF8.GetBytes(json));
            return true;
        }
        catch (PolicyFileException)
        {
            return false;
        }
    }

    [Fact]
    public void The_sample_policy_is_valid_for_both()
    {
        var sample = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "samples", "pipeline-security.json"));

        Assert.True(SchemaAccepts(sample));
        Assert.True(ParserAccepts(sample));
    }

    [Theory]
    [InlineData("""{ "version": 1, "mode": "enforce", "packages": { "denied": [ "A", { "id": "B*", "versions": "[1.0, 2.0)", "reason": "r" } ], "allowed": [] }, "licenses": { "allowed": ["MIT"], "denied": [], "unknown": "deny" }, "advisories": { "database": "db", "severity": "critical", "useNuGetAudit": false }, "signatures": { "required": "any", "trustedAuthors": [], "trustedRepositories": [] }, "lockFile": { "required": false }, "sbom": { "enabled": true }, "analyzers": { "enforce": true }, "exceptions": [ { "rule": "PSF1001", "path": "x/**", "justification": "j", "owner": "o", "expires": "2026-01-01" } ] }""", true)]
    [InlineData("""{ "version": 1, "extra": true }""", false)]
    [InlineData("""{ "mode": "audit" }""", false)]
    [InlineData("""{ "version": 2 }""", false)]
    [InlineData("""{ "version": 1, "mode": "strict" }""", false)]
    [InlineData("""{ "version": 1, "packages": { "denied": [ { "versions": "1.0" } ] } }""", false)]
    [InlineData("""{ "version": 1, "exceptions": [ { "package": "A", "owner": "o", "expires": "2026-01-01" } ] }""", false)]
    [InlineData("""{ "version": 1, "exceptions": [ { "justification": "j", "owner": "o", "expires": "2026-01-01" } ] }""", false)]
    [InlineData("""{ "version": 1, "exceptions": [ { "rule": "CA1000", "justification": "j", "owner": "o", "expires": "2026-01-01" } ] }""", false)]
    [InlineData("""{ "version": 1, "signatures": { "trustedAuthors": [ "abc" ] } }""", false)]
    public void Schema_and_parser_agree(string json, bool valid)
    {
        Assert.Equal(valid, SchemaAccepts(json));
        Assert.Equal(valid, ParserAccepts(json));
    }

    [Fact]
    public void The_schema_lists_exactly_the_top_level_keys_the_parser_knows()
    {
        var schema = JsonNode.Parse(File.ReadAllText(SchemaPath))!;
        var keys = schema["properties"]!.AsObject().Select(p => p.Key).ToArray();

        foreach (var key in keys.Where(k => k != "$schema" && k != "version"))
        {
            Assert.True(ParserAccepts($"{{ \"version\": 1, \"{key}\": {(key == "exceptions" ? "[]" : key == "mode" ? "\"audit\"" : "{}")} }}"), key);
        }

        Assert.Equal(12, keys.Length);
    }
}
