using System.IO;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Restore;

/// <summary>The tasks of one build share the restore model through the build engine, never through a process-wide static.</summary>
public sealed class RestoreCacheTests
{
    [Fact]
    public void An_unchanged_file_is_read_once_per_build_and_a_rewritten_one_again()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.Combine("project.assets.json");
        File.Copy(TestPaths.TestData("Assets", "webapp.project.assets.json"), path);
        var build = new RecordingBuildEngine();

        var first = RestoreCache.Graph(build, path);
        Assert.Same(first, RestoreCache.Graph(build, path));

        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(5));
        var reread = RestoreCache.Graph(build, path);
        Assert.NotSame(first, reread);
        Assert.Same(reread, RestoreCache.Graph(build, path));
    }

    [Fact]
    public void Another_build_reads_the_file_again()
    {
        var path = TestPaths.TestData("Assets", "webapp.project.assets.json");

        var inOneBuild = RestoreCache.Graph(new RecordingBuildEngine(), path);
        var inAnother = RestoreCache.Graph(new RecordingBuildEngine(), path);

        Assert.NotSame(inOneBuild, inAnother);
        Assert.NotSame(RestoreCache.Facts(new RecordingBuildEngine()), RestoreCache.Facts(new RecordingBuildEngine()));
    }

    [Fact]
    public void The_tasks_of_one_build_share_one_package_facts_reader()
    {
        var build = new RecordingBuildEngine();

        Assert.Same(RestoreCache.Facts(build), RestoreCache.Facts(build));
    }

    [Fact]
    public void A_file_damaged_after_a_good_read_is_reported_not_served_from_memory()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.Combine("project.assets.json");
        File.Copy(TestPaths.TestData("Assets", "webapp.project.assets.json"), path);
        var build = new RecordingBuildEngine();
        RestoreCache.Graph(build, path);

        File.WriteAllText(path, "{ \"version\": 3, \"targets\": ");

        Assert.Equal(BuildDiagnosticIds.AssetsFileUnreadable, Assert.Throws<BuildDiagnosticException>(() => RestoreCache.Graph(build, path)).Code);
    }

    [Fact]
    public void A_missing_file_is_the_usual_coded_error()
    {
        using var temp = new TemporaryDirectory();

        var failure = Assert.Throws<BuildDiagnosticException>(() => RestoreCache.Graph(new RecordingBuildEngine(), temp.Combine("project.assets.json")));

        Assert.Equal(BuildDiagnosticIds.AssetsFileMissing, failure.Code);
    }
}
