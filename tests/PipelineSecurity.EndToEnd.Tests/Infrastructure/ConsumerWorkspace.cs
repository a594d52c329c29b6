using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PipelineSecurity.Tests.Shared;

namespace PipelineSecurity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A temporary folder holding a consumer of the packed package: a copy of samples/ or a project written by a test.
/// It has its own nuget.config that clears the machine's sources and names exactly two (the test feed, then the registry of
/// third-party packages), builds into the run's own packages folder, pins the policy gate's "today", and has its own
/// Directory.Build.props/targets, so nothing of this repository or the machine leaks into the build. Every build writes
/// a binary log next to it for diagnosis.
/// </summary>
public sealed class ConsumerWorkspace : IDisposable
{
    private int _buildCount;

    private ConsumerWorkspace(PackageFixture package)
    {
        Package = package;
        Root = Path.Combine(package.Root, "consumers", Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(Root);
        WriteNuGetConfig();
    }

    public PackageFixture Package { get; }

    public string Root { get; }

    /// <summary>A copy of the repository's samples/ folder (sources only), wired to the test feed.</summary>
    public static ConsumerWorkspace CopyOfSample(PackageFixture package)
    {
        var workspace = new ConsumerWorkspace(package);
        var samples = Path.Combine(PackageFixture.RepoRoot, "samples");
        foreach (var file in Directory.EnumerateFiles(samples, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(samples, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Any(p => p is "bin" or "obj") || relative == "NuGet.config")
            {
                continue;
            }

            var target = Path.Combine(workspace.Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return workspace;
    }

    /// <summary>An empty consumer: the test writes its projects. Directory.Build.props/targets are present and empty.</summary>
    public static ConsumerWorkspace Empty(PackageFixture package)
    {
        var workspace = new ConsumerWorkspace(package);
        workspace.WriteFile("Directory.Build.props", "<Project />\n");
        workspace.WriteFile("Directory.Build.targets", "<Project />\n");
        return workspace;
    }

    /// <summary>
    /// An empty consumer with one project, Consumer/Consumer.csproj, referencing the package and Newtonsoft.Json and using
    /// it; <paramref name="properties"/> go into its PropertyGroup as written.
    /// </summary>
    public static ConsumerWorkspace UsingNewtonsoft(PackageFixture package, string properties = "")
    {
        var workspace = Empty(package);
        workspace.WriteFile("Consumer/Consumer.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{PackageFixture.PackageId}" Version="{package.Version}" PrivateAssets="all" />
                <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
              </ItemGroup>
            </Project>
            """);
        workspace.WriteFile("Consumer/Uses.cs", "public static class Uses { public static string Json() => Newtonsoft.Json.JsonConvert.SerializeObject(1); }\n");
        return workspace;
    }

    public string PathOf(params string[] parts) => Path.Combine(new[] { Root }.Concat(parts).ToArray());

    public string WriteFile(string relativePath, string content)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>`dotnet build` with the classic console logger, the package version under test, a fixed policy date and a binary log.</summary>
    public CommandResult Build(string project, params string[] extraArguments) => Run("build", project, extraArguments);

    public CommandResult Run(string command, string project, IEnumerable<string> extraArguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        _buildCount++;
        var arguments = new List<string>
        {
            command, project, "-tl:off", "-nologo", "-nodeReuse:false",
            "-p:PipelineSecurityVersion=" + Package.Version,
            "-p:PipelineSecurityPolicyToday=" + PackageFixture.Today,
            "-bl:" + PathOf("logs", $"{_buildCount:00}-{command}.binlog"),
        };
        arguments.AddRange(extraArguments);
        // A consumer build is a developer's build even when the tests run in a CI job: it must not append to the real job
        // summary, and what it does must not depend on where the tests run. Tests that build as CI does say so.
        var variables = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Package.Packages, ["GITHUB_ACTIONS"] = "", ["TF_BUILD"] = "", ["CI"] = "" };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        return DotNetCli.Run(Root, arguments, variables);
    }

    public void Dispose() => PackageFixture.TryDelete(Root);

    private void WriteNuGetConfig() => WriteFile(
        "NuGet.config",
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="pipeline-security-e2e" value="{Package.Feed}" />
            <add key="third-party" value="{PackageFixture.NuGetSource}" />
          </packageSources>
        </configuration>
        """);
}
