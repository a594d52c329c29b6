using System;
using System.IO;
using System.Linq;
using System.Reflection;
using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Packs the real PipelineSecurity.Analyzers package once per test run, under a version of its own, into a temporary
/// folder feed, next to a temporary packages folder (NUGET_PACKAGES) that every consumer build of the run shares: no
/// test reads or fills the user's global packages folder. The sample app built once with the package
/// (<see cref="BuiltSample"/>) serves the tests that only read a build's output. Everything is deleted when the run ends.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public const string PackageId = "PipelineSecurity.Analyzers";

    /// <summary>The day the policy gate checks exceptions against in every consumer build (PipelineSecurityPolicyToday).</summary>
    public const string Today = "2026-12-01";

    private readonly Lazy<BuiltSample> _builtSample;

    public PackageFixture()
    {
        Version = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        Root = Path.Combine(Path.GetTempPath(), "pipeline-security-e2e", Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(Root, "feed");
        Packages = Path.Combine(Root, "packages");
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(Packages);
        _builtSample = new Lazy<BuiltSample>(() => BuiltSample.Create(this));

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

    /// <summary>The packages folder (NUGET_PACKAGES) of every consumer build in this run.</summary>
    public string Packages { get; }

    /// <summary>
    /// The source of third-party packages the consumers restore, after the test feed: the assembly metadata
    /// NuGetSource, from the MSBuild property PipelineSecurityTestNuGetSource (an environment variable of that name works
    /// too, when the tests are built).
    /// </summary>
    public static string NuGetSource { get; } = typeof(PackageFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetSource").Value!;

    /// <summary>The sample app copied and built once (on first use) for the tests that only read what the build printed and wrote.</summary>
    public BuiltSample BuiltSample => _builtSample.Value;

    /// <summary>Packs the package again, with the same version, into <paramref name="outputFolder"/>.</summary>
    public CommandResult Pack(string outputFolder) => DotNetCli.Run(
        RepoRoot,
        new[]
        {
            "pack", Path.Combine(RepoRoot, "nuget", "PipelineSecurity.Package.csproj"),
            "-c", "Release", "-o", outputFolder, "-p:PipelineSecurityVersion=" + Version, "-tl:off", "-nologo",
        });

    public void Dispose() => TryDelete(Root);

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
