using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Sbom;
using PipelineSecurity.Build.Tests.Infrastructure;

namespace PipelineSecurity.Build.Tests.Sbom;

/// <summary>
/// Assets files captured from real restores (TestData/Assets/sbom-*.json) and the cache files restore wrote for their
/// packages (TestData/PackageCache: each package's nuspec, .nupkg.sha512 and .nupkg.metadata, as the cache holds them).
/// </summary>
internal static class SbomTestData
{
    /// <summary>net10.0 app: Newtonsoft.Json, Serilog, JwtBearer, SourceLink and StyleCop with PrivateAssets=all, a project reference to Lib.</summary>
    public const string App = "sbom-app.project.assets.json";

    /// <summary>Lib, multi-targeted net8.0;netstandard2.0, with System.Text.Json on netstandard2.0 only.</summary>
    public const string MultiTargetLib = "sbom-multitarget-lib.project.assets.json";

    public static string AssetsPath(string name) => TestPaths.TestData("Assets", name);

    public static string PackageCache => TestPaths.TestData("PackageCache");

    /// <summary>A copy of <see cref="PackageCache"/> a test can damage.</summary>
    public static string CopyCache(string destination)
    {
        foreach (var file in Directory.GetFiles(PackageCache, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(PackageCache, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return destination;
    }

    public static byte[] Generate(string assetsName, bool deterministic = true, string projectName = "App", string version = "3.1.4", string outputType = "Exe")
    {
        var bom = SbomBuilder.Build(RestoredGraph.Read(AssetsPath(assetsName)), new SbomRequest
        {
            ProjectName = projectName,
            ProjectVersion = version,
            ProjectType = outputType == "Exe" ? "application" : "library",
            PackageFolders = new[] { PackageCache },
            ToolVersion = "0.1.0",
            Deterministic = deterministic,
        });
        return CycloneDxSerializer.Serialize(bom);
    }

    /// <summary>Components by bom-ref.</summary>
    public static Dictionary<string, JsonElement> Components(JsonDocument sbom) =>
        sbom.RootElement.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("bom-ref").GetString()!, c => c, StringComparer.Ordinal);

    public static JsonElement Component(JsonDocument sbom, string name) =>
        sbom.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static string[] Strings(JsonElement array, string property) =>
        array.EnumerateArray().Select(e => e.GetProperty(property).GetString()!).ToArray();

    public static string[] Properties(JsonElement component, string name) =>
        component.TryGetProperty("properties", out var properties)
            ? properties.EnumerateArray().Where(p => p.GetProperty("name").GetString() == name).Select(p => p.GetProperty("value").GetString()!).ToArray()
            : Array.Empty<string>();

    /// <summary>The hex SHA-512 restore recorded in the cache beside the nupkg (base64 there).</summary>
    public static string NupkgSha512(string packageCache, string id, string version) =>
        Convert.ToHexString(Convert.FromBase64String(File.ReadAllText(Path.Combine(packageCache, id.ToLowerInvariant(), version, $"{id}.{version}.nupkg.sha512".ToLowerInvariant())).Trim())).ToLowerInvariant();
}
