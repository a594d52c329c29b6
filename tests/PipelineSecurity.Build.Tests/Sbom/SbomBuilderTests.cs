using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PipelineSecurity.Build.Sbom;
using PipelineSecurity.Build.Tests.Infrastructure;
using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.Build.Tests.Sbom;

public sealed class SbomBuilderTests
{
    [Theory]
    [InlineData(SbomTestData.App)]
    [InlineData(SbomTestData.MultiTargetLib)]
    [InlineData("webapp.project.assets.json")]
    [InlineData("multitarget.project.assets.json")]
    public void Every_sbom_is_valid_cyclonedx_1_6(string assets)
    {
        using var temp = new TemporaryDirectory();
        var json = assets.StartsWith("sbom-", StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(SbomTestData.Generate(assets))
            : Encoding.UTF8.GetString(GenerateWith(assets, StubCache(assets, temp.Combine("cache"))));

        JsonSchemaValidator.CycloneDx16.AssertValid(json);
    }

    [Fact]
    public void The_validator_rejects_a_broken_document()
    {
        var json = Encoding.UTF8.GetString(SbomTestData.Generate(SbomTestData.App)).Replace("\"alg\": \"SHA-512\"", "\"alg\": \"SHA-513\"");

        Assert.NotEmpty(JsonSchemaValidator.CycloneDx16.Errors(json));
    }

    [Fact]
    public void Lists_every_restored_package_and_project_at_its_resolved_version()
    {
        using var sbom = JsonDocument.Parse(SbomTestData.Generate(SbomTestData.App));
        var expected = RawAssets.Libraries(SbomTestData.AssetsPath(SbomTestData.App))
            .Select(l => SbomBuilder.Purl(l.Name, l.Version))
            .OrderBy(p => p, StringComparer.Ordinal);

        Assert.Equal(expected, SbomTestData.Components(sbom).Keys.OrderBy(p => p, StringComparer.Ordinal));
        Assert.Equal(19, SbomTestData.Components(sbom).Count);
        Assert.Equal("13.0.3", SbomTestData.Component(sbom, "Newtonsoft.Json").GetProperty("version").GetString());
        Assert.Equal("pkg:nuget/Serilog@4.2.0", SbomTestData.Component(sbom, "Serilog").GetProperty("purl").GetString());
    }

    [Theory]
    [InlineData(SbomTestData.App)]
    [InlineData(SbomTestData.MultiTargetLib)]
    public void The_dependency_graph_is_the_assets_graph_edge_for_edge(string assets)
    {
        using var sbom = JsonDocument.Parse(SbomTestData.Generate(assets));
        var root = sbom.RootElement.GetProperty("metadata").GetProperty("component").GetProperty("bom-ref").GetString()!;
        var actual = sbom.RootElement.GetProperty("dependencies").EnumerateArray().ToDictionary(
            d => d.GetProperty("ref").GetString()!,
            d => d.GetProperty("dependsOn").EnumerateArray().Select(e => e.GetString()!).OrderBy(s => s, StringComparer.Ordinal).ToArray());

        var expected = RawAssets.Edges(SbomTestData.AssetsPath(assets));
        expected[root] = RawAssets.DirectDependencies(SbomTestData.AssetsPath(assets));

        Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), actual.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (from, to) in expected)
        {
            Assert.True(to.OrderBy(s => s, StringComparer.Ordinal).SequenceEqual(actual[from]), $"edges of {from}: expected [{string.Join(", ", to)}], got [{string.Join(", ", actual[from])}]");
        }

        Assert.True(expected.Values.Sum(v => v.Count) > 10, "the captured graph has real edges");
    }

    [Fact]
    public void Development_only_packages_and_everything_only_they_bring_are_excluded()
    {
        using var sbom = JsonDocument.Parse(SbomTestData.Generate(SbomTestData.App));
        string Scope(string name) => SbomTestData.Component(sbom, name).GetProperty("scope").GetString()!;

        // PrivateAssets=all and nothing at run time: an analyzer, a build-time tool and the packages only it brings.
        Assert.Equal("excluded", Scope("StyleCop.Analyzers"));
        Assert.Equal("excluded", Scope("Microsoft.SourceLink.GitHub"));
        Assert.Equal("excluded", Scope("Microsoft.SourceLink.Common"));
        Assert.Equal("excluded", Scope("Microsoft.Build.Tasks.Git"));

        // Shipped with the app: direct, transitive, and through the project reference.
        Assert.Equal("required", Scope("Newtonsoft.Json"));
        Assert.Equal("required", Scope("Serilog"));
        Assert.Equal("required", Scope("Microsoft.IdentityModel.Tokens"));
        Assert.Equal("required", Scope("Lib"));
    }

    [Fact]
    public void Packages_carry_the_nupkg_hash_licence_and_references_their_cache_records()
    {
        using var sbom = JsonDocument.Parse(SbomTestData.Generate(SbomTestData.App));
        var newtonsoft = SbomTestData.Component(sbom, "Newtonsoft.Json");

        var hash = Assert.Single(newtonsoft.GetProperty("hashes").EnumerateArray());
        Assert.Equal("SHA-512", hash.GetProperty("alg").GetString());
        Assert.Equal(SbomTestData.NupkgSha512(SbomTestData.PackageCache, "Newtonsoft.Json", "13.0.3"), hash.GetProperty("content").GetString());
        Assert.Equal("MIT", Assert.Single(newtonsoft.GetProperty("licenses").EnumerateArray()).GetProperty("expression").GetString());
        Assert.Equal("James Newton-King", Assert.Single(SbomTestData.Strings(newtonsoft.GetProperty("authors"), "name")));
        Assert.StartsWith("Json.NET is a popular", newtonsoft.GetProperty("description").GetString());

        var references = newtonsoft.GetProperty("externalReferences").EnumerateArray().ToDictionary(r => r.GetProperty("type").GetString()!);
        Assert.Equal("https://www.newtonsoft.com/json", references["website"].GetProperty("url").GetString());
        Assert.Equal("https://github.com/JamesNK/Newtonsoft.Json", references["vcs"].GetProperty("url").GetString());
        Assert.Equal("commit 0a2e291c0d9c0c7675d445703e51750363a549ef", references["vcs"].GetProperty("comment").GetString());

        // NuGet's own content hash, as restore recorded it, kept beside the nupkg hash.
        var assetsHash = RawAssets.Sha512(SbomTestData.AssetsPath(SbomTestData.App), "Newtonsoft.Json/13.0.3");
        Assert.Equal(new[] { assetsHash }, SbomTestData.Properties(newtonsoft, "pipelinesecurity:nugetContentHash"));

        Assert.Equal("Apache-2.0", Assert.Single(SbomTestData.Component(sbom, "Serilog").GetProperty("licenses").EnumerateArray()).GetProperty("expression").GetString());
    }

    [Fact]
    public void A_package_with_only_a_licence_url_gets_that_url()
    {
        using var sbom = JsonDocument.Parse(SbomTestData.Generate(SbomTestData.MultiTargetLib));
        var license = Assert.Single(SbomTestData.Component(sbom, "System.Buffers").GetProperty("licenses").EnumerateArray()).GetProperty("license");

        Assert.Equal("https://github.com/dotnet/corefx/blob/master/LICENSE.TXT", license.GetProperty("url").GetString());
        Assert.False(SbomTestData.Component(sbom, "System.Buffers").GetProperty("licenses")[0].TryGetProperty("expression", out _));
    }

    [Fact]
    public void A_project_reference_is_a_component_with_its_own_version()
    {
        using var sbom = JsonDocument.Parse(SbomTestData.Generate(SbomTestData.App));
        var lib = SbomTestData.Component(sbom, "Lib");

        Assert.Equal("2.3.1", lib.GetProperty("version").GetString());
        Assert.Equal("pkg:nuget/Lib@2.3.1", lib.GetProperty("purl").GetString());
        Assert.Equal(new[] { "../Lib/Lib.csproj" }, SbomTestData.Properties(lib, "pipelinesecurity:projectPath"));
        Assert.False(lib.TryGetProperty("hashes", out _));
    }

    [Fact]
    public void The_project_itself_is_the_metadata_component_and_this_package_the_tool()
    {
        using var sbom = JsonDocument.Parse(SbomTestData.Generate(SbomTestData.App));
        var metadata = sbom.RootElement.GetProperty("metadata");
        var subject = metadata.GetProperty("component");

        Assert.Equal("application", subject.GetProperty("type").GetString());
        Assert.Equal("App", subject.GetProperty("name").GetString());
        Assert.Equal("3.1.4", subject.GetProperty("version").GetString());
        Assert.Equal("pkg:nuget/App@3.1.4", subject.GetProperty("purl").GetString());
        var tool = Assert.Single(metadata.GetProperty("tools").GetProperty("components").EnumerateArray());
        Assert.Equal(SbomBuilder.ToolName, tool.GetProperty("name").GetString());
    }

    [Fact]
    public void A_multi_targeted_project_gets_one_sbom_covering_every_framework()
    {
        using var sbom = JsonDocument.Parse(SbomTestData.Generate(SbomTestData.MultiTargetLib, projectName: "Lib", version: "2.3.1", outputType: "Library"));

        Assert.Equal(new[] { "net8.0", "netstandard2.0" }, SbomTestData.Properties(sbom.RootElement.GetProperty("metadata").GetProperty("component"), "pipelinesecurity:targetFramework"));
        Assert.Equal(new[] { "net8.0", "netstandard2.0" }, SbomTestData.Properties(SbomTestData.Component(sbom, "Newtonsoft.Json"), "pipelinesecurity:targetFramework"));
        Assert.Equal(new[] { "netstandard2.0" }, SbomTestData.Properties(SbomTestData.Component(sbom, "System.Text.Json"), "pipelinesecurity:targetFramework"));
        Assert.Equal("library", sbom.RootElement.GetProperty("metadata").GetProperty("component").GetProperty("type").GetString());
    }

    [Fact]
    public void Deterministic_mode_gives_identical_bytes_with_no_timestamp_and_a_content_derived_serial()
    {
        var first = SbomTestData.Generate(SbomTestData.App, deterministic: true);
        var second = SbomTestData.Generate(SbomTestData.App, deterministic: true);
        var otherVersion = SbomTestData.Generate(SbomTestData.App, deterministic: true, version: "3.1.5");

        Assert.Equal(first, second);
        using var sbom = JsonDocument.Parse(first);
        using var other = JsonDocument.Parse(otherVersion);
        Assert.False(sbom.RootElement.GetProperty("metadata").TryGetProperty("timestamp", out _));
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", sbom.RootElement.GetProperty("serialNumber").GetString());
        Assert.NotEqual(sbom.RootElement.GetProperty("serialNumber").GetString(), other.RootElement.GetProperty("serialNumber").GetString());
    }

    [Fact]
    public void Default_mode_records_when_the_sbom_was_made()
    {
        using var sbom = JsonDocument.Parse(SbomTestData.Generate(SbomTestData.App, deterministic: false));

        var timestamp = DateTimeOffset.Parse(sbom.RootElement.GetProperty("metadata").GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - timestamp).TotalMinutes) < 10);
    }

    [Theory]
    [InlineData("Newtonsoft.Json", "13.0.3", "pkg:nuget/Newtonsoft.Json@13.0.3")]
    [InlineData("My.Package", "1.0.0-beta.1+build", "pkg:nuget/My.Package@1.0.0-beta.1%2Bbuild")]
    public void Purls_follow_the_nuget_purl_type(string name, string version, string expected) =>
        Assert.Equal(expected, SbomBuilder.Purl(name, version));

    /// <summary>The older captures name packages not in TestData/PackageCache; give them stub cache entries (nuspec only).</summary>
    private static string StubCache(string assets, string folder)
    {
        foreach (var (name, version, _) in RawAssets.Libraries(SbomTestData.AssetsPath(assets)).Where(l => l.Type == "package"))
        {
            var directory = Path.Combine(folder, name.ToLowerInvariant(), version.ToLowerInvariant());
            Directory.CreateDirectory(directory);
            File.WriteAllText(
                Path.Combine(directory, name.ToLowerInvariant() + ".nuspec"),
                $"<?xml version=\"1.0\"?><package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata><id>{name}</id><version>{version}</version><authors>a, b</authors><description>d</description></metadata></package>");
        }

        return folder;
    }

    private static byte[] GenerateWith(string assets, string packageCache) =>
        CycloneDxSerializer.Serialize(SbomBuilder.Build(
            PipelineSecurity.Build.Restore.RestoredGraph.Read(SbomTestData.AssetsPath(assets)),
            new SbomRequest { ProjectName = "p", ProjectVersion = "1.0.0", PackageFolders = new[] { packageCache } }));
}
