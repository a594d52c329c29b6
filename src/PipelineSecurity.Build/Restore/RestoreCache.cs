using System;
using System.Globalization;
using System.IO;
using Microsoft.Build.Framework;

namespace PipelineSecurity.Build.Restore;

/// <summary>
/// Shares the restore model between the tasks of one build through the build engine
/// (<see cref="IBuildEngine4.RegisterTaskObject"/>, lifetime Build), never through a static: the integrity check, the
/// SBOM, the policy gate and the package report of a project parse its project.assets.json once, and read each
/// package's nuspec once. The graph is keyed by the assets file's full path, length and write time, so a restore in the
/// middle of a build is seen. Without an engine that can hold objects (a plain test engine), nothing is shared.
/// </summary>
internal static class RestoreCache
{
    private const string GraphKeyPrefix = "PipelineSecurity.Restore.RestoredGraph|";
    private const string FactsKey = "PipelineSecurity.Restore.PackageFactsReader";

    /// <summary>The graph of <paramref name="assetsFilePath"/>, parsed once per build while the file is unchanged.</summary>
    public static RestoredGraph Graph(IBuildEngine? engine, string assetsFilePath)
    {
        if (engine is not IBuildEngine4 host || string.IsNullOrWhiteSpace(assetsFilePath) || !File.Exists(assetsFilePath))
        {
            return RestoredGraph.Read(assetsFilePath);
        }

        var file = new FileInfo(assetsFilePath);
        var key = GraphKeyPrefix + file.FullName + "|" + file.Length.ToString(CultureInfo.InvariantCulture) + "|" +
                  file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture);
        if (Get(host, key) is RestoredGraph cached)
        {
            return cached;
        }

        var graph = RestoredGraph.Read(assetsFilePath);
        Register(host, key, graph);
        return graph;
    }

    /// <summary>The build's one <see cref="PackageFactsReader"/> (a fresh one without a capable engine).</summary>
    public static PackageFactsReader Facts(IBuildEngine? engine)
    {
        if (engine is not IBuildEngine4 host)
        {
            return new PackageFactsReader();
        }

        if (Get(host, FactsKey) is PackageFactsReader cached)
        {
            return cached;
        }

        var reader = new PackageFactsReader();
        Register(host, FactsKey, reader);
        return reader;
    }

    // Hosts that do not keep task objects (some custom or test engines throw) simply share nothing.
    private static object? Get(IBuildEngine4 host, string key)
    {
        try
        {
            return host.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build);
        }
        catch (Exception unsupported) when (unsupported is NotImplementedException or NotSupportedException)
        {
            return null;
        }
    }

    private static void Register(IBuildEngine4 host, string key, object value)
    {
        try
        {
            host.RegisterTaskObject(key, value, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: true);
        }
        catch (Exception unsupported) when (unsupported is NotImplementedException or NotSupportedException)
        {
        }
    }
}
