using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Tests.Infrastructure;
using PipelineSecurity.Build.Tests.Integrity;
using Xunit;

namespace PipelineSecurity.Build.Tests.Restore;

/// <summary>
/// The restore is parsed in the background as a project's build begins when a later target will read it, and the tasks
/// of that build use that read; otherwise nothing starts. Observed through a file replaced after the read with the
/// same length and time: a task that uses the early read does not see the damage.
/// </summary>
public sealed class StartReadingRestoreTests
{
    [Fact]
    public async Task A_missing_output_starts_the_read_and_the_build_tasks_use_it()
    {
        using var temp = new TemporaryDirectory();
        var assets = Assets(temp);
        var engine = new RecordingBuildEngine();
        var start = Start(engine, assets, graphOutputs: new[] { temp.Combine("bin", "packages.json") });

        Assert.True(start.Execute());
        await start.Reading;
        var early = RestoreCache.Graph(engine, assets);
        DamageKeepingStamp(assets);

        Assert.Same(early, RestoreCache.Graph(engine, assets));
        Assert.NotEmpty(early.Packages);
        Assert.Empty(engine.Errors);
    }

    [Fact]
    public async Task Outputs_newer_than_the_restore_start_nothing()
    {
        using var temp = new TemporaryDirectory();
        var assets = Assets(temp);
        var report = temp.Combine("packages.json");
        File.WriteAllText(report, "{}");
        File.SetLastWriteTimeUtc(report, File.GetLastWriteTimeUtc(assets).AddSeconds(1));
        var engine = new RecordingBuildEngine();
        var start = Start(engine, assets, graphOutputs: new[] { report });

        Assert.True(start.Execute());
        await start.Reading;
        DamageKeepingStamp(assets);

        // Nothing was read early: the first task to read meets the damage.
        Assert.Equal(BuildDiagnosticIds.AssetsFileUnreadable, Assert.Throws<BuildDiagnosticException>(() => RestoreCache.Graph(engine, assets)).Code);
    }

    [Fact]
    public async Task An_output_older_than_the_restore_starts_the_read()
    {
        using var temp = new TemporaryDirectory();
        var assets = Assets(temp);
        var report = temp.Combine("packages.json");
        File.WriteAllText(report, "{}");
        File.SetLastWriteTimeUtc(report, File.GetLastWriteTimeUtc(assets).AddSeconds(-1));
        var engine = new RecordingBuildEngine();
        var start = Start(engine, assets, graphOutputs: new[] { report });

        Assert.True(start.Execute());
        await start.Reading;
        DamageKeepingStamp(assets);

        Assert.NotEmpty(RestoreCache.Graph(engine, assets).Packages);
    }

    [Fact]
    public async Task A_damaged_restore_fails_nothing_early_and_the_task_that_reads_it_gets_the_coded_error()
    {
        using var temp = new TemporaryDirectory();
        var assets = temp.Combine("project.assets.json");
        File.WriteAllText(assets, "{ \"version\": 3, \"targets\": ");
        var engine = new RecordingBuildEngine();
        var start = Start(engine, assets, packageMetadataOutputs: new[] { temp.Combine("policy.done") });

        Assert.True(start.Execute());
        await start.Reading;

        Assert.Empty(engine.Errors);
        Assert.Empty(engine.Warnings);
        Assert.Equal(BuildDiagnosticIds.AssetsFileUnreadable, Assert.Throws<BuildDiagnosticException>(() => RestoreCache.Graph(engine, assets)).Code);
    }

    [Fact]
    public async Task Without_an_engine_that_keeps_objects_nothing_starts()
    {
        using var temp = new TemporaryDirectory();
        var assets = Assets(temp);
        var log = new RecordingBuildEngine();
        var start = Start(new EngineWithoutTaskObjects(log), assets, graphOutputs: new[] { temp.Combine("packages.json") });

        Assert.True(start.Execute());
        Assert.True(start.Reading.IsCompleted);
        await start.Reading;
        Assert.Empty(log.Errors);
        Assert.Empty(log.Warnings);
    }

    [Fact]
    public async Task When_the_gate_or_the_sbom_will_run_the_package_metadata_is_read_too()
    {
        using var consumer = RestoredConsumer.Create();
        var engine = new RecordingBuildEngine();
        var start = Start(engine, consumer.AssetsFile, packageMetadataOutputs: new[] { consumer.Combine("obj", "policy.done") });

        Assert.True(start.Execute());
        await start.Reading;
        var package = RestoreCache.Graph(engine, consumer.AssetsFile).Packages.First(p => p.Id == RealPackages.AuthorSignedId);
        DamageKeepingStamp(Directory.GetFiles(package.Folder, "*.nuspec").Single());

        Assert.NotNull(RestoreCache.Facts(engine).TryRead(package, out var damage));
        Assert.Null(damage);
    }

    private static StartReadingRestore Start(Microsoft.Build.Framework.IBuildEngine engine, string assets, string[]? graphOutputs = null, string[]? packageMetadataOutputs = null) =>
        new()
        {
            BuildEngine = engine,
            AssetsFile = assets,
            GraphOutputs = (graphOutputs ?? Array.Empty<string>()).Select(path => (Microsoft.Build.Framework.ITaskItem)new Microsoft.Build.Utilities.TaskItem(path)).ToArray(),
            PackageMetadataOutputs = (packageMetadataOutputs ?? Array.Empty<string>()).Select(path => (Microsoft.Build.Framework.ITaskItem)new Microsoft.Build.Utilities.TaskItem(path)).ToArray(),
        };

    private static string Assets(TemporaryDirectory temp)
    {
        var path = temp.Combine("project.assets.json");
        File.Copy(TestPaths.TestData("Assets", "webapp.project.assets.json"), path);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5));
        return path;
    }

    /// <summary>Overwrites the file with bytes that are not JSON, keeping its length and write time (its cache key).</summary>
    private static void DamageKeepingStamp(string path)
    {
        var written = File.GetLastWriteTimeUtc(path);
        File.WriteAllBytes(path, Enumerable.Repeat((byte)'x', (int)new FileInfo(path).Length).ToArray());
        File.SetLastWriteTimeUtc(path, written);
    }
}
