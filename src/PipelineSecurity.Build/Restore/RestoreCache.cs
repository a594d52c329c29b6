using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
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

    // Makes look-up-or-register atomic across the tasks (and the background read) of a build; it guards no state.
    private static readonly object RegistrationLock = new();

    /// <summary>The graph of <paramref name="assetsFilePath"/>, parsed once per build while the file is unchanged.</summary>
    public static RestoredGraph Graph(IBuildEngine? engine, string assetsFilePath) =>
        SharedGraph(engine, assetsFilePath)?.Value ?? RestoredGraph.Read(assetsFilePath);

    /// <summary>
    /// Starts parsing <paramref name="assetsFilePath"/> (and, when asked, reading every package's nuspec) in the
    /// background for the tasks of this build that will need it, and returns at once; <see cref="Graph"/> then waits for
    /// that read instead of starting its own. A read that fails is reported by the task that needs the graph (it meets
    /// the same coded error). Nothing starts without an engine that can share the result.
    /// </summary>
    public static Task StartReading(IBuildEngine? engine, string assetsFilePath, bool readPackageFacts)
    {
        if (SharedGraph(engine, assetsFilePath) is not { } graph)
        {
            return Task.CompletedTask;
        }

        var facts = readPackageFacts ? Facts(engine) : null;
        return Task.Run(() =>
        {
            try
            {
                var packages = graph.Value.Packages;
                if (facts is null)
                {
                    return;
                }

                foreach (var package in packages)
                {
                    facts.TryRead(package, out _);
                }
            }
            catch (Exception)
            {
                // Not ours to report: the task that needs the graph gets the same failure from the Lazy and logs it.
            }
        });
    }

    // The build's one read of this version of the file; null when the engine cannot keep it (then every caller reads).
    private static Lazy<RestoredGraph>? SharedGraph(IBuildEngine? engine, string assetsFilePath)
    {
        if (engine is not IBuildEngine4 host || string.IsNullOrWhiteSpace(assetsFilePath) || !File.Exists(assetsFilePath))
        {
            return null;
        }

        var file = new FileInfo(assetsFilePath);
        var key = GraphKeyPrefix + file.FullName + "|" + file.Length.ToString(CultureInfo.InvariantCulture) + "|" +
                  file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture);
        lock (RegistrationLock)
        {
            if (Get(host, key) is Lazy<RestoredGraph> known)
            {
                return known;
            }

            var read = new Lazy<RestoredGraph>(() => RestoredGraph.Read(assetsFilePath), LazyThreadSafetyMode.ExecutionAndPublication);
            return Register(host, key, read) ? read : null;
        }
    }

    /// <summary>The build's one <see cref="PackageFactsReader"/> (a fresh one without a capable engine).</summary>
    public static PackageFactsReader Facts(IBuildEngine? engine)
    {
        if (engine is not IBuildEngine4 host)
        {
            return new PackageFactsReader();
        }

        lock (RegistrationLock)
        {
            if (Get(host, FactsKey) is PackageFactsReader cached)
            {
                return cached;
            }

            var reader = new PackageFactsReader();
            Register(host, FactsKey, reader);
            return reader;
        }
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

    private static bool Register(IBuildEngine4 host, string key, object value)
    {
        try
        {
            host.RegisterTaskObject(key, value, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: true);
            return true;
        }
        catch (Exception unsupported) when (unsupported is NotImplementedException or NotSupportedException)
        {
            return false;
        }
    }
}
