using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Xml.Linq;
using PipelineSecurity.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.EndToEnd.Tests;

/// <summary>The shape of the nupkg users download.</summary>
[Collection(PackageCollection.Name)]
public sealed class PackageContentTests
{
    private readonly PackageFixture _package;

    public PackageContentTests(PackageFixture package) => _package = package;

    [Fact]
    public void Holds_analyzers_both_task_frameworks_and_build_files_but_no_msbuild_or_lib()
    {
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        var entries = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("analyzers/dotnet/cs/PipelineSecurity.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/PipelineSecurity.CodeFixes.dll", entries);
        Assert.Contains("build/PipelineSecurity.Analyzers.props", entries);
        Assert.Contains("build/PipelineSecurity.Analyzers.targets", entries);
        Assert.Contains("build/features/Pipelines.targets", entries);
        Assert.Contains("buildMultiTargeting/PipelineSecurity.Analyzers.props", entries);
        Assert.Contains("buildMultiTargeting/PipelineSecurity.Analyzers.targets", entries);
        Assert.Contains("README.md", entries);
        foreach (var framework in new[] { "net8.0", "net472" })
        {
            Assert.Contains($"tasks/{framework}/PipelineSecurity.Build.dll", entries);
            Assert.Contains($"tasks/{framework}/NuGet.ProjectModel.dll", entries);
            Assert.Contains($"tasks/{framework}/NuGet.Packaging.dll", entries);
            Assert.Contains($"tasks/{framework}/YamlDotNet.dll", entries);
        }

        Assert.Contains("tasks/net8.0/PipelineSecurity.Build.deps.json", entries);
        // Platform-specific dependencies keep their runtimes/ path (the deps.json names it); nothing else sits in a subfolder.
        Assert.Contains("tasks/net8.0/runtimes/win/lib/net8.0/System.Security.Cryptography.Pkcs.dll", entries);
        Assert.All(entries.Where(e => e.StartsWith("tasks/", StringComparison.Ordinal)), e =>
            Assert.True(e.Split('/').Length == 3 || e.Split('/')[2] == "runtimes", $"{e} is in a subfolder of the tasks that is not runtimes/"));
        Assert.DoesNotContain(entries, e => Path.GetFileName(e).StartsWith("Microsoft.Build", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal)
            && !Path.GetFileName(e).StartsWith("PipelineSecurity.", StringComparison.Ordinal));
    }

    [Fact]
    public void Is_a_development_dependency_with_a_licence_expression_and_no_dependencies()
    {
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        var nuspecEntry = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspecEntry.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal(PackageFixture.PackageId, Value("id"));
        Assert.Equal(_package.Version, Value("version"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Null(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "dependencies"));
    }

    [Fact]
    public void Packing_again_gives_identical_bytes()
    {
        var second = Path.Combine(_package.Root, "repack");

        var pack = _package.Pack(second);

        Assert.True(pack.ExitCode == 0, pack.ToString());
        Assert.Equal(Hash(_package.PackagePath), Hash(Path.Combine(second, Path.GetFileName(_package.PackagePath))));
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
