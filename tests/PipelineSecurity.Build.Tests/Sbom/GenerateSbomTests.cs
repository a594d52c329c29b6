using System;
using System.IO;
using System.Linq;
using System.Text;
using PipelineSecurity.Build.Sbom;
using PipelineSecurity.Build.Tests.Infrastructure;
using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.Build.Tests.Sbom;

public sealed class GenerateSbomTests
{
    [Fact]
    public void Writes_a_valid_sbom_and_logs_no_error()
    {
        using var temp = new TemporaryDirectory();
        var engine = new RecordingBuildEngine();
        var output = temp.Combine("out", "sbom.cdx.json");

        Assert.True(Task(engine, SbomTestData.AssetsPath(SbomTestData.App), output, SbomTestData.PackageCache).Execute());

        Assert.Empty(engine.Errors);
        Assert.Empty(engine.Warnings);
        JsonSchemaValidator.CycloneDx16.AssertValid(File.ReadAllText(output));
        Assert.Contains("\"pkg:nuget/Serilog@4.2.0\"", File.ReadAllText(output));
    }

    [Fact]
    public void Leaves_an_unchanged_sbom_in_place()
    {
        using var temp = new TemporaryDirectory();
        var output = temp.Combine("sbom.cdx.json");

        Assert.True(Task(new RecordingBuildEngine(), SbomTestData.AssetsPath(SbomTestData.App), output, SbomTestData.PackageCache).Execute());
        var firstBytes = File.ReadAllBytes(output);
        File.SetLastWriteTimeUtc(output, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var engine = new RecordingBuildEngine();

        Assert.True(Task(engine, SbomTestData.AssetsPath(SbomTestData.App), output, SbomTestData.PackageCache).Execute());

        Assert.Equal(firstBytes, File.ReadAllBytes(output));
        Assert.Contains(engine.Messages, m => m.Message!.Contains("unchanged", StringComparison.Ordinal));
    }

    [Fact]
    public void No_restore_output_fails_with_a_code_and_writes_nothing()
    {
        using var temp = new TemporaryDirectory();
        var engine = new RecordingBuildEngine();
        var output = temp.Combine("sbom.cdx.json");

        Assert.False(Task(engine, temp.Combine("obj", "project.assets.json"), output, SbomTestData.PackageCache).Execute());

        Assert.Equal(BuildDiagnosticIds.AssetsFileMissing, Assert.Single(engine.Errors).Code);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("binary")]
    public void A_corrupt_assets_file_fails_with_a_code_and_leaves_the_previous_sbom_whole(string damage)
    {
        using var temp = new TemporaryDirectory();
        var output = temp.Combine("sbom.cdx.json");
        Assert.True(Task(new RecordingBuildEngine(), SbomTestData.AssetsPath(SbomTestData.App), output, SbomTestData.PackageCache).Execute());
        var previous = File.ReadAllBytes(output);
        var original = File.ReadAllBytes(SbomTestData.AssetsPath(SbomTestData.App));
        var assets = temp.Combine("project.assets.json");
        File.WriteAllBytes(assets, damage switch
        {
            "garbage" => Encoding.UTF8.GetBytes("{ \"version\": 3, \"targets\": [ nonsense"),
            "truncated" => original.Take(original.Length / 2).ToArray(),
            _ => Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray(),
        });
        var engine = new RecordingBuildEngine();

        Assert.False(Task(engine, assets, output, SbomTestData.PackageCache).Execute());

        Assert.Equal(BuildDiagnosticIds.AssetsFileUnreadable, Assert.Single(engine.Errors).Code);
        Assert.Equal(previous, File.ReadAllBytes(output));
        Assert.Single(Directory.GetFiles(temp.Path, "sbom*"));
    }

    [Fact]
    public void A_package_missing_from_the_cache_fails_with_a_code_naming_it_and_writes_nothing()
    {
        using var temp = new TemporaryDirectory();
        var cache = SbomTestData.CopyCache(temp.Combine("cache"));
        Directory.Delete(Path.Combine(cache, "serilog"), recursive: true);
        var engine = new RecordingBuildEngine();
        var output = temp.Combine("out", "sbom.cdx.json");

        Assert.False(Task(engine, SbomTestData.AssetsPath(SbomTestData.App), output, cache).Execute());

        var error = Assert.Single(engine.Errors);
        Assert.Equal(BuildDiagnosticIds.SbomPackageMissing, error.Code);
        Assert.Equal(BuildDiagnostics.Get(BuildDiagnosticIds.SbomPackageMissing).HelpLink, error.HelpLink);
        Assert.Contains("Serilog 4.2.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet restore", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("out")));
    }

    [Fact]
    public void A_damaged_nuspec_fails_with_a_code_and_writes_nothing()
    {
        using var temp = new TemporaryDirectory();
        var cache = SbomTestData.CopyCache(temp.Combine("cache"));
        File.WriteAllText(Path.Combine(cache, "newtonsoft.json", "13.0.3", "newtonsoft.json.nuspec"), "<package><metadata><id>Newtonsoft.Json</id");
        var engine = new RecordingBuildEngine();
        var output = temp.Combine("sbom.cdx.json");

        Assert.False(Task(engine, SbomTestData.AssetsPath(SbomTestData.App), output, cache).Execute());

        var error = Assert.Single(engine.Errors);
        Assert.Equal(BuildDiagnosticIds.SbomNuspecUnreadable, error.Code);
        Assert.Contains("Newtonsoft.Json 13.0.3", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_missing_nupkg_hash_file_leaves_that_component_without_a_hash_rather_than_inventing_one()
    {
        using var temp = new TemporaryDirectory();
        var cache = SbomTestData.CopyCache(temp.Combine("cache"));
        File.Delete(Path.Combine(cache, "serilog", "4.2.0", "serilog.4.2.0.nupkg.sha512"));
        var output = temp.Combine("sbom.cdx.json");

        Assert.True(Task(new RecordingBuildEngine(), SbomTestData.AssetsPath(SbomTestData.App), output, cache).Execute());

        using var sbom = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(output));
        Assert.False(SbomTestData.Component(sbom, "Serilog").TryGetProperty("hashes", out _));
        Assert.True(SbomTestData.Component(sbom, "Newtonsoft.Json").TryGetProperty("hashes", out _));
    }

    [Fact]
    public void Asked_to_hash_the_package_files_it_hashes_the_nupkg_bytes_not_the_recorded_hash()
    {
        using var temp = new TemporaryDirectory();
        var cache = SbomTestData.CopyCache(temp.Combine("cache"));
        // A nupkg changed in the cache after restore: its bytes no longer match the hash restore recorded.
        var tampered = System.Text.Encoding.UTF8.GetBytes("not the nupkg restore downloaded");
        File.WriteAllBytes(Path.Combine(cache, "serilog", "4.2.0", "serilog.4.2.0.nupkg"), tampered);
        var recorded = temp.Combine("recorded.cdx.json");
        var hashed = temp.Combine("hashed.cdx.json");

        Assert.True(Task(new RecordingBuildEngine(), SbomTestData.AssetsPath(SbomTestData.App), recorded, cache).Execute());
        var task = Task(new RecordingBuildEngine(), SbomTestData.AssetsPath(SbomTestData.App), hashed, cache);
        task.HashPackageFiles = true;
        Assert.True(task.Execute());

        static string SerilogHash(string path)
        {
            using var sbom = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
            return SbomTestData.Component(sbom, "Serilog").GetProperty("hashes")[0].GetProperty("content").GetString()!;
        }

        Assert.Equal(SbomTestData.NupkgSha512(cache, "Serilog", "4.2.0"), SerilogHash(recorded));
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA512.HashData(tampered)).ToLowerInvariant(), SerilogHash(hashed));
    }

    [Theory]
    [InlineData("<license type=\"file\">LICENSE.txt</license>", null, "License file 'LICENSE.txt' in the package")]
    [InlineData("<license type=\"expression\">MIT OR Apache-2.0</license>", "MIT OR Apache-2.0", null)]
    public void Licence_files_are_named_and_compound_expressions_kept_whole(string licenseElement, string? expression, string? name)
    {
        using var temp = new TemporaryDirectory();
        var cache = SbomTestData.CopyCache(temp.Combine("cache"));
        var nuspec = Path.Combine(cache, "serilog", "4.2.0", "serilog.nuspec");
        File.WriteAllText(nuspec, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(nuspec), "<license [^>]*>[^<]*</license>", licenseElement));
        var output = temp.Combine("sbom.cdx.json");

        Assert.True(Task(new RecordingBuildEngine(), SbomTestData.AssetsPath(SbomTestData.App), output, cache).Execute());

        JsonSchemaValidator.CycloneDx16.AssertValid(File.ReadAllText(output));
        using var sbom = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(output));
        var licence = Assert.Single(SbomTestData.Component(sbom, "Serilog").GetProperty("licenses").EnumerateArray());
        if (expression is not null)
        {
            Assert.Equal(expression, licence.GetProperty("expression").GetString());
        }
        else
        {
            Assert.Equal(name, licence.GetProperty("license").GetProperty("name").GetString());
        }
    }

    private static GenerateSbom Task(RecordingBuildEngine engine, string assets, string output, string cache) => new()
    {
        BuildEngine = engine,
        AssetsFile = assets,
        OutputFile = output,
        ProjectName = "App",
        ProjectVersion = "3.1.4",
        OutputType = "Exe",
        PackageFolders = new[] { cache },
        Deterministic = true,
    };
}
