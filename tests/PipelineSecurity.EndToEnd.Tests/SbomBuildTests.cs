using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using PipelineSecurity.EndToEnd.Tests.Infrastructure;
using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.EndToEnd.Tests;

/// <summary>
/// The CycloneDX SBOM of real consumers built and packed with the packed package: checked against the schema and, for
/// named components, against the real packages restore put in the package cache (nupkg bytes and nuspec).
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class SbomBuildTests
{
    private readonly PackageFixture _package;

    public SbomBuildTests(PackageFixture package) => _package = package;

    [Fact]
    public void The_sample_app_gets_a_valid_sbom_with_its_project_reference_and_the_real_packages_facts()
    {
        var (sample, build) = _package.BuiltSample;

        Assert.True(build.ExitCode == 0, build.ToString());
        var sbomPath = sample.PathOf("ContosoShop", "bin", "Debug", "net10.0", "pipeline-security", "sbom.cdx.json");
        var json = File.ReadAllText(sbomPath);
        JsonSchemaValidator.CycloneDx16.AssertValid(json);
        using var sbom = JsonDocument.Parse(json);
        var cache = PackageCache(sample.PathOf("ContosoShop", "obj", "project.assets.json"));

        var subject = sbom.RootElement.GetProperty("metadata").GetProperty("component");
        Assert.Equal("ContosoShop", subject.GetProperty("name").GetString());
        Assert.Equal("application", subject.GetProperty("type").GetString());

        // The project reference, with the version its own project declares, and what it brings in.
        var core = Component(sbom, "ContosoShop.Core");
        Assert.Equal("1.0.0", core.GetProperty("version").GetString());
        Assert.Equal("required", core.GetProperty("scope").GetString());
        Assert.Contains("pkg:nuget/Newtonsoft.Json@13.0.3", DependsOn(sbom, "pkg:nuget/ContosoShop.Core@1.0.0"));
        Assert.Contains("pkg:nuget/ContosoShop.Core@1.0.0", DependsOn(sbom, subject.GetProperty("bom-ref").GetString()!));

        foreach (var (id, version, licence) in new[]
                 {
                     ("Newtonsoft.Json", "13.0.3", "MIT"),
                     ("Serilog", "4.2.0", "Apache-2.0"),
                     ("Microsoft.AspNetCore.Authentication.JwtBearer", "10.0.15", "MIT"),
                 })
        {
            var component = Component(sbom, id);
            Assert.Equal(version, component.GetProperty("version").GetString());
            Assert.Equal("required", component.GetProperty("scope").GetString());
            var folder = Path.Combine(cache, id.ToLowerInvariant(), version);
            var nupkg = Path.Combine(folder, $"{id}.{version}.nupkg".ToLowerInvariant());
            var hash = Assert.Single(component.GetProperty("hashes").EnumerateArray());
            Assert.Equal(Convert.ToHexString(SHA512.HashData(File.ReadAllBytes(nupkg))).ToLowerInvariant(), hash.GetProperty("content").GetString());
            Assert.Equal(licence, NuspecLicence(Path.Combine(folder, id.ToLowerInvariant() + ".nuspec")));
            Assert.Equal(licence, component.GetProperty("licenses")[0].GetProperty("expression").GetString());
        }

        // Our own package is referenced with PrivateAssets=all and ships nothing at run time.
        Assert.Equal("excluded", Component(sbom, PackageFixture.PackageId).GetProperty("scope").GetString());

        // The SBOM's incremental build and a version given on the command line: SampleBuildTests.A_second_build_regenerates_nothing_and_reverifies_no_package.
    }

    [Fact]
    public void A_multi_targeted_library_gets_one_reproducible_sbom_for_every_framework_packed_into_its_nupkg()
    {
        using var consumer = ConsumerWorkspace.Empty(_package);
        consumer.WriteFile("Lib/Lib.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net8.0;netstandard2.0</TargetFrameworks>
                <Version>2.3.1</Version>
                <ContinuousIntegrationBuild>true</ContinuousIntegrationBuild>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{PackageFixture.PackageId}" Version="$(PipelineSecurityVersion)" PrivateAssets="all" />
                <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
              </ItemGroup>
              <ItemGroup Condition="'$(TargetFramework)' == 'netstandard2.0'">
                <PackageReference Include="System.Text.Json" Version="8.0.5" />
              </ItemGroup>
            </Project>
            """);
        consumer.WriteFile("Lib/Greeter.cs", "namespace Lib { public static class Greeter { public static string Hello() => \"hello\"; } }\n");

        var pack = consumer.Run("pack", "Lib/Lib.csproj", new[] { "-o", consumer.PathOf("out") });

        Assert.True(pack.ExitCode == 0, pack.ToString());
        var sbomPath = consumer.PathOf("Lib", "bin", "Release", "pipeline-security", "sbom.cdx.json");
        var bytes = File.ReadAllBytes(sbomPath);
        Assert.Equal(new[] { sbomPath }, Directory.GetFiles(consumer.PathOf("Lib", "bin"), "sbom.cdx.json", SearchOption.AllDirectories));
        JsonSchemaValidator.CycloneDx16.AssertValid(File.ReadAllText(sbomPath));

        using var sbom = JsonDocument.Parse(bytes);
        Assert.False(sbom.RootElement.GetProperty("metadata").TryGetProperty("timestamp", out _), "ContinuousIntegrationBuild makes it deterministic");
        Assert.Equal(new[] { "net8.0", "netstandard2.0" }, Frameworks(sbom.RootElement.GetProperty("metadata").GetProperty("component")));
        Assert.Equal(new[] { "net8.0", "netstandard2.0" }, Frameworks(Component(sbom, "Newtonsoft.Json")));
        Assert.Equal(new[] { "netstandard2.0" }, Frameworks(Component(sbom, "System.Text.Json")));
        Assert.Equal("8.0.5", Component(sbom, "System.Text.Json").GetProperty("version").GetString());

        using var nupkg = ZipFile.OpenRead(consumer.PathOf("out", "Lib.2.3.1.nupkg"));
        var entry = nupkg.GetEntry("sbom/sbom.cdx.json");
        Assert.NotNull(entry);
        using var packed = new MemoryStream();
        using (var stream = entry!.Open())
        {
            stream.CopyTo(packed);
        }

        Assert.Equal(bytes, packed.ToArray());
    }

    private static JsonElement Component(JsonDocument sbom, string name) =>
        sbom.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static string[] DependsOn(JsonDocument sbom, string bomRef) =>
        sbom.RootElement.GetProperty("dependencies").EnumerateArray()
            .Single(d => d.GetProperty("ref").GetString() == bomRef)
            .GetProperty("dependsOn").EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static string[] Frameworks(JsonElement component) =>
        component.GetProperty("properties").EnumerateArray()
            .Where(p => p.GetProperty("name").GetString() == "pipelinesecurity:targetFramework")
            .Select(p => p.GetProperty("value").GetString()!).ToArray();

    /// <summary>The global packages folder restore used, as the assets file records it.</summary>
    private static string PackageCache(string assetsFile)
    {
        using var assets = JsonDocument.Parse(File.ReadAllBytes(assetsFile));
        return assets.RootElement.GetProperty("packageFolders").EnumerateObject().First().Name;
    }

    private static string? NuspecLicence(string nuspec) =>
        XDocument.Load(nuspec).Descendants().FirstOrDefault(e => e.Name.LocalName == "license")?.Value;
}
