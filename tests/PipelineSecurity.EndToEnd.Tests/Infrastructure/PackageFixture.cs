using System;
using System.IO;
using System.Linq;
using System.Reflection;
using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Packs the real PipelineSecurity.Analyzers package once per test run, under a version of its own, into a temporary
/// folder feed. Consumers restore it from there into the normal global packages folder; the unique version keeps a
/// stale copy from an earlier run out of the way, and is removed from the cache when the run ends.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public const string PackageId = "PipelineSecurity.Analyzers";

    public PackageFixture()
    {
        Version = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        Root = Path.Combine(Path.GetTempPath(), "pipeline-security-e2e", Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);

        var pack = Pack(Feed);
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException("Packing the package failed:\n" + pack);
        }

        PackagePath = Path.Combine(Feed, $"{PackageId}.{Version}.nupkg");
        if (!File.Exists(PackagePath))
        {
            throw new InvalidOperationException($"Pack succeeded but {PackagePath} is missing:\n{pack}");
        }
    }

    public static string RepoRoot { get; } = typeof(PackageFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    public string Version { get; }

    public string Root { get; }

    public string Feed { get; }

    public string PackagePath { get; }

    /// <summary>Packs the package again, with the same version, into <paramref name="outputFolder"/>.</summary>
    public CommandResult Pack(string outputFolder) => DotNetCli.Run(
        RepoRoot,
        new[]
        {
            "pack", Path.Combine(RepoRoot, "nuget", "PipelineSecurity.Package.csproj"),
            "-c", "Release", "-o", outputFolder, "-p:PipelineSecurityVersion=" + Version, "-tl:off", "-nologo",
        });

    public void Dispose()
    {
        TryDelete(Root);
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        TryDelete(Path.Combine(globalPackages, PackageId.ToLowerInvariant(), Version));
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail the run.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "Packed package";
}
