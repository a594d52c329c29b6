using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using PipelineSecurity.Build.Tests.Infrastructure;

namespace PipelineSecurity.Build.Tests.Policy;

/// <summary>Builds the policy tests' inputs on disk: policy files, nuspecs in a package folder, and an assets file pointing at it.</summary>
internal static class PolicyTestFiles
{
    public static string WritePolicy(TemporaryDirectory temp, string json)
    {
        var path = temp.Combine("pipeline-security.json");
        File.WriteAllText(path, json, new UTF8Encoding(false));
        return path;
    }

    public static string AdvisoryFolder => TestPaths.TestData("Advisories");

    /// <summary>Writes a nuspec as restore extracts it: &lt;folder&gt;/&lt;id&gt;/&lt;version&gt;/&lt;id&gt;.nuspec, lower-case.</summary>
    public static void WriteNuspec(string packageFolder, string id, string version, string licenseXml)
    {
        var folder = Path.Combine(packageFolder, id.ToLowerInvariant(), version.ToLowerInvariant());
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, id.ToLowerInvariant() + ".nuspec"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>{id}</id>
                <version>{version}</version>
                <authors>test</authors>
                <description>test package</description>
                {licenseXml}
              </metadata>
            </package>
            """);
    }

    /// <summary>
    /// The recorded sample web app's assets file (real restore output), with its package folder moved to
    /// <paramref name="packageFolder"/> and, optionally, NuGetAudit warnings added to its log the way restore records them.
    /// </summary>
    public static string WriteAssets(TemporaryDirectory temp, string packageFolder, params (string Code, string Package, string Message)[] auditWarnings)
    {
        var assets = JsonNode.Parse(File.ReadAllText(TestPaths.TestData("Assets", "webapp.project.assets.json")))!.AsObject();
        assets["packageFolders"] = new JsonObject { [packageFolder.TrimEnd('/') + "/"] = new JsonObject() };
        var logs = assets["logs"] as JsonArray ?? new JsonArray();
        foreach (var (code, package, message) in auditWarnings)
        {
            logs.Add(new JsonObject
            {
                ["code"] = code,
                ["level"] = "Warning",
                ["warningLevel"] = 1,
                ["message"] = message,
                ["libraryId"] = package,
                ["targetGraphs"] = new JsonArray("net10.0"),
            });
        }

        assets["logs"] = logs;
        var path = temp.Combine("obj", "project.assets.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, assets.ToJsonString());
        return path;
    }

    /// <summary>The packages of webapp.project.assets.json, each given the licence expression <paramref name="license"/>.</summary>
    public static void WriteSampleNuspecs(string packageFolder, Func<string, string> license)
    {
        foreach (var (id, version) in SamplePackages)
        {
            WriteNuspec(packageFolder, id, version, license(id));
        }
    }

    public static readonly (string Id, string Version)[] SamplePackages =
    {
        ("Microsoft.AspNetCore.Authentication.JwtBearer", "10.0.0"),
        ("Microsoft.IdentityModel.Abstractions", "8.16.0"),
        ("Microsoft.IdentityModel.JsonWebTokens", "8.0.1"),
        ("Microsoft.IdentityModel.Logging", "8.16.0"),
        ("Microsoft.IdentityModel.Protocols.OpenIdConnect", "8.0.1"),
        ("Microsoft.IdentityModel.Protocols", "8.0.1"),
        ("Microsoft.IdentityModel.Tokens", "8.0.1"),
        ("Newtonsoft.Json", "13.0.3"),
        ("PipelineSecurity.Analyzers", "0.1.0"),
        ("Serilog.Sinks.Console", "6.0.0"),
        ("Serilog", "4.2.0"),
        ("System.IdentityModel.Tokens.Jwt", "8.0.1"),
    };

    public static string Expression(string spdx) => $"<license type=\"expression\">{spdx}</license>";

    public static string[] Lines(string path) => File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
}
