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

    /// <summary>
    /// ASP.NET Core 8 reference assemblies plus the libraries the configuration rules (PSF2xxx) know:
    /// JwtBearer, OpenIdConnect, Microsoft.IdentityModel.*, System.IdentityModel.Tokens.Jwt, Newtonsoft.Json. Added on top of <see cref="Net80"/>.
    /// </summary>
    public static readonly System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.MetadataReference> AspNetCore80Libraries =
        CreateLibraries();

    private static System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.MetadataReference> CreateLibraries()
    {
        var packageRoot = Metadata("NuGetPackageRoot");
        var builder = System.Collections.Immutable.ImmutableArray.CreateBuilder<Microsoft.CodeAnalysis.MetadataReference>();
        foreach (var folder in Metadata("TestLibraryReferences").Split(';'))
        {
            var path = Path.Combine(packageRoot, folder);
            if (!Directory.Exists(path))
            {
                throw new InvalidOperationException($"Test library not restored at '{path}': run 'dotnet restore' on the test project.");
            }

            foreach (var dll in Directory.GetFiles(path, "*.dll").OrderBy(f => f, StringComparer.Ordinal))
            {
                builder.Add(Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(dll));
            }
        }

        return builder.ToImmutable();
    }

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
