using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.Build.Tests.Infrastructure;

/// <summary>
/// The third-party files the tests and benchmarks read live in the repository (tests/Schemas, tests/Advisories), byte
/// for byte as their READMEs describe them, with their licences; nothing at test or benchmark time reads outside the clone.
/// </summary>
public sealed class ThirdPartyFilesTests
{
    private static readonly string Tests = Path.Combine(TestPaths.RepoRoot, "tests");

    [Fact]
    public void Every_schema_is_the_upstream_file_its_readme_names_by_sha256_next_to_its_licence()
    {
        var readme = File.ReadAllText(Path.Combine(Tests, "Schemas", "README.md"));
        var schemas = Directory.GetFiles(Path.Combine(Tests, "Schemas"), "*.json", SearchOption.AllDirectories);

        Assert.Equal(5, schemas.Length);
        foreach (var schema in schemas)
        {
            var sha256 = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(schema))).ToLowerInvariant();
            Assert.True(readme.Contains(sha256, StringComparison.Ordinal), $"{schema}: sha256 {sha256} is not in tests/Schemas/README.md (changed, or not documented)");
            Assert.NotEmpty(Directory.GetFiles(Path.GetDirectoryName(schema)!, "LICENSE*"));
        }
    }

    [Fact]
    public void The_copied_schemas_load_offline_and_refuse_a_document_that_breaks_them()
    {
        Assert.NotEmpty(JsonSchemaValidator.CycloneDx16.Errors("""{ "bomFormat": "SPDX" }"""));
        Assert.NotEmpty(JsonSchemaValidator.Spdx23.Errors("""{ "spdxVersion": 2.3 }"""));
        Assert.False(SarifSchema.IsValid("""{ "version": "1.0.0", "runs": [] }"""));
    }

    [Fact]
    public void Every_advisory_is_a_real_osv_record_named_by_its_id_with_its_licence()
    {
        var folder = Path.Combine(Tests, "Advisories");
        Assert.True(File.Exists(Path.Combine(folder, "LICENSE.md")));
        var readme = File.ReadAllText(Path.Combine(folder, "README.md"));
        var records = Directory.GetFiles(Path.Combine(folder, "osv"), "*.json");

        Assert.Equal(24, records.Length);
        foreach (var record in records)
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(record));
            var id = json.RootElement.GetProperty("id").GetString()!;
            Assert.Equal(id, Path.GetFileNameWithoutExtension(record));
            Assert.Contains("| " + id + " |", readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void No_test_or_benchmark_source_reads_a_folder_beside_the_clone()
    {
        var beside = new Regex(@"""\.\.""\s*,\s*""shared""|\.\./shared|\.\.\\shared", RegexOptions.CultureInvariant);
        var offenders = new[] { "tests", "benchmarks" }
            .SelectMany(top => Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, top), "*", SearchOption.AllDirectories))
            .Where(file => !file.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Where(file => Path.GetExtension(file) is ".cs" or ".csproj" or ".props" or ".targets" or ".sh" or ".json")
            .Where(file => beside.IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetRelativePath(TestPaths.RepoRoot, file))
            .ToArray();

        Assert.Empty(offenders);
    }
}
