using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using PipelineSecurity.EndToEnd.Tests.Infrastructure;
using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.EndToEnd.Tests;

/// <summary>
/// Issue 16 with real `dotnet publish` and `dotnet build`: the publish folder carries the SBOM of what it holds (file by
/// file), a multi-targeted library gets one SBOM per framework besides the combined one, and SPDX 2.3 is valid.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class SbomPublishTests
{
    private readonly PackageFixture _package;

    public SbomPublishTests(PackageFixture package) => _package = package;

    [Fact]
    public void The_publish_folder_carries_the_sbom_of_every_published_file_in_both_formats()
    {
        using var sample = ConsumerWorkspace.CopyOfSample(_package);
        var publish = sample.Run("publish", "ContosoShop/ContosoShop.csproj", new[]
        {
            "-r", "linux-x64", "--self-contained", "false", "-o", sample.PathOf("published"),
            "-p:PipelineSecuritySbomFormats=cyclonedx%3Bspdx", "-p:Company=Contoso Ltd", "-p:PipelineSecuritySbomContact=security@contoso.example",
        });

        Assert.True(publish.ExitCode == 0, publish.ToString());
        var cdxPath = sample.PathOf("published", "sbom", "sbom.cdx.json");
        var spdxPath = sample.PathOf("published", "sbom", "sbom.spdx.json");
        JsonSchemaValidator.CycloneDx16.AssertValid(File.ReadAllText(cdxPath));
        JsonSchemaValidator.Spdx23.AssertValid(File.ReadAllText(spdxPath));
        using var sbom = JsonDocument.Parse(File.ReadAllBytes(cdxPath));

        var metadata = sbom.RootElement.GetProperty("metadata");
        Assert.Equal("Contoso Ltd", metadata.GetProperty("supplier").GetProperty("name").GetString());
        Assert.Equal("security@contoso.example", metadata.GetProperty("supplier").GetProperty("contact")[0].GetProperty("email").GetString());

        // Every published file is in the SBOM, with its real SHA-256, under the component it comes from.
        var files = metadata.GetProperty("component").GetProperty("components").EnumerateArray().Select(f => (Owner: "ContosoShop", File: f))
            .Concat(sbom.RootElement.GetProperty("components").EnumerateArray()
                .Where(c => c.TryGetProperty("components", out _))
                .SelectMany(c => c.GetProperty("components").EnumerateArray().Select(f => (Owner: c.GetProperty("name").GetString()!, File: f))))
            .ToDictionary(f => f.File.GetProperty("name").GetString()!, f => f, StringComparer.Ordinal);
        var published = Directory.EnumerateFiles(sample.PathOf("published"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(sample.PathOf("published"), f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("sbom/", StringComparison.Ordinal))
            .ToArray();
        Assert.NotEmpty(published);
        foreach (var file in published)
        {
            Assert.True(files.TryGetValue(file, out var entry), $"{file} is published but not in the SBOM");
            var sha256 = entry.File.GetProperty("hashes").EnumerateArray().Single(h => h.GetProperty("alg").GetString() == "SHA-256").GetProperty("content").GetString();
            Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(sample.PathOf("published", file)))).ToLowerInvariant(), sha256);
        }

        Assert.Equal("Newtonsoft.Json", files["Newtonsoft.Json.dll"].Owner);
        Assert.Equal("Serilog", files["Serilog.dll"].Owner);
        Assert.Equal("ContosoShop", files["ContosoShop.dll"].Owner);
        Assert.Equal(new[] { "linux-x64" }, Properties(metadata.GetProperty("component"), "pipelinesecurity:runtimeIdentifier"));
    }

    [Fact]
    public void A_multi_targeted_library_gets_one_sbom_per_framework_and_the_combined_one_with_valid_spdx()
    {
        using var consumer = ConsumerWorkspace.Empty(_package);
        consumer.WriteFile("Lib/Lib.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net8.0;netstandard2.0</TargetFrameworks>
                <Version>2.3.1</Version>
                <PipelineSecuritySbomPerTargetFramework>true</PipelineSecuritySbomPerTargetFramework>
                <PipelineSecuritySbomFormats>cyclonedx;spdx</PipelineSecuritySbomFormats>
                <PipelineSecuritySbomDeterministic>true</PipelineSecuritySbomDeterministic>
                <PackageLicenseExpression>MIT</PackageLicenseExpression>
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

        var build = consumer.Build("Lib/Lib.csproj");

        Assert.True(build.ExitCode == 0, build.ToString());
        var bin = consumer.PathOf("Lib", "bin", "Debug");
        var perFramework = new[] { "net8.0", "netstandard2.0" }.ToDictionary(f => f, f => Path.Combine(bin, f, "pipeline-security", "sbom.cdx.json"));
        var combined = Path.Combine(bin, "pipeline-security", "sbom.cdx.json");
        foreach (var path in perFramework.Values.Append(combined))
        {
            JsonSchemaValidator.CycloneDx16.AssertValid(File.ReadAllText(path));
            JsonSchemaValidator.Spdx23.AssertValid(File.ReadAllText(Path.ChangeExtension(Path.ChangeExtension(path, null), ".spdx.json")));
        }

        using var net8 = JsonDocument.Parse(File.ReadAllBytes(perFramework["net8.0"]));
        using var standard = JsonDocument.Parse(File.ReadAllBytes(perFramework["netstandard2.0"]));
        using var all = JsonDocument.Parse(File.ReadAllBytes(combined));
        Assert.DoesNotContain(Names(net8), n => n == "System.Text.Json");
        Assert.Contains("System.Text.Json", Names(standard));
        Assert.Contains("System.Text.Json", Names(all));
        Assert.Equal("MIT", all.RootElement.GetProperty("metadata").GetProperty("component").GetProperty("licenses")[0].GetProperty("expression").GetString());

        // Deterministic: a rebuild from scratch gives the same bytes, SPDX namespace included.
        var spdx = File.ReadAllBytes(Path.Combine(bin, "net8.0", "pipeline-security", "sbom.spdx.json"));
        Directory.Delete(consumer.PathOf("Lib", "bin"), recursive: true);
        Assert.True(consumer.Build("Lib/Lib.csproj").ExitCode == 0);
        Assert.Equal(spdx, File.ReadAllBytes(Path.Combine(bin, "net8.0", "pipeline-security", "sbom.spdx.json")));
    }

    private static string[] Names(JsonDocument sbom) =>
        sbom.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();

    private static string[] Properties(JsonElement component, string name) =>
        component.GetProperty("properties").EnumerateArray()
            .Where(p => p.GetProperty("name").GetString() == name)
            .Select(p => p.GetProperty("value").GetString()!).ToArray();
}
