using System;
using System.IO;
using PipelineSecurity.Build.Tests.Infrastructure;
using PipelineSecurity.Tests.Shared;

namespace PipelineSecurity.Build.Tests.Integrity;

/// <summary>
/// A real consumer project restored with a lock file by the real 'dotnet restore', from a local feed holding copies of the
/// real signed test packages, into its own packages folder (so that tests may tamper with that folder).
/// </summary>
internal sealed class RestoredConsumer : IDisposable
{
    private readonly TemporaryDirectory temp = new();

    private RestoredConsumer()
    {
    }

    public string ProjectDirectory => temp.Combine("consumer");

    public string ProjectFile => Path.Combine(ProjectDirectory, "consumer.csproj");

    public string AssetsFile => Path.Combine(ProjectDirectory, "obj", "project.assets.json");

    public string LockFile => Path.Combine(ProjectDirectory, "packages.lock.json");

    public string PackagesFolder => temp.Combine("packages");

    public string Combine(params string[] parts) => temp.Combine(parts);

    public string PackageFolder(string id, string version) => Path.Combine(PackagesFolder, id.ToLowerInvariant(), version);

    public static RestoredConsumer Create()
    {
        var consumer = new RestoredConsumer();
        try
        {
            consumer.Restore();
            return consumer;
        }
        catch
        {
            consumer.Dispose();
            throw;
        }
    }

    public void Dispose() => temp.Dispose();

    private void Restore()
    {
        var feed = temp.Combine("feed");
        Directory.CreateDirectory(feed);
        Directory.CreateDirectory(ProjectDirectory);
        foreach (var (id, version) in new[] { (RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion), (RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion) })
        {
            var name = $"{id.ToLowerInvariant()}.{version}.nupkg";
            File.Copy(Path.Combine(RealPackages.RestoredFolder(id, version), name), Path.Combine(feed, name));
        }

        File.WriteAllText(temp.Combine("nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(temp.Combine("Directory.Build.props"), "<Project />");
        File.WriteAllText(temp.Combine("Directory.Build.targets"), "<Project />");
        File.WriteAllText(ProjectFile, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
                <RestorePackagesPath>{PackagesFolder}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{RealPackages.AuthorSignedId}" Version="{RealPackages.AuthorSignedVersion}" />
                <PackageReference Include="{RealPackages.RepositorySignedId}" Version="{RealPackages.RepositorySignedVersion}" />
              </ItemGroup>
            </Project>
            """);
        DotNetCli.Run(ProjectDirectory, new[] { "restore", ProjectFile, "-m:1" }).EnsureSuccess();
    }
}
