using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis.Testing;

namespace PipelineSecurity.Analyzers.Tests.Infrastructure;

/// <summary>
/// The one place that pins what analyzer tests compile against: Microsoft.NETCore.App.Ref, restored by this project's
/// PackageDownload into the global packages folder. The NuGet configuration handed to the testing library has no
/// sources, so a missing package fails the test instead of being downloaded.
/// </summary>
internal static class TestReferences
{
    public static readonly ReferenceAssemblies Net80 = Create();

    public static string RepoRoot => Metadata("RepoRoot");

    private static ReferenceAssemblies Create()
    {
        var packageRoot = Metadata("NuGetPackageRoot");
        var version = Metadata("TestReferenceAssembliesVersion");
        var restored = Path.Combine(packageRoot, "microsoft.netcore.app.ref", version, "ref", "net8.0");
        if (!Directory.Exists(restored))
        {
            throw new InvalidOperationException($"Reference assemblies not restored at '{restored}': run 'dotnet restore' on the test project.");
        }

        return new ReferenceAssemblies(
                "net8.0",
                new PackageIdentity("Microsoft.NETCore.App.Ref", version),
                Path.Combine("ref", "net8.0"))
            .WithNuGetConfigFilePath(OfflineNuGetConfig(packageRoot));
    }

    private static string OfflineNuGetConfig(string packageRoot)
    {
        var path = Path.Combine(Path.GetTempPath(), "pipeline-security-tests", "offline.nuget.config");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(
            path,
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{packageRoot}" /></config>
              <packageSources><clear /></packageSources>
            </configuration>
            """);
        return path;
    }

    private static string Metadata(string key) =>
        typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
