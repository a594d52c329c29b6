using System;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.PackageReport;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.PackageReport;

public sealed class WritePackageReportTests
{
    [Fact]
    public void Writes_the_report_and_logs_no_error()
    {
        using var temp = new TemporaryDirectory();
        var engine = new RecordingBuildEngine();
        var output = temp.Combine("out", "packages.json");

        var task = new WritePackageReport
        {
            BuildEngine = engine,
            AssetsFile = TestPaths.TestData("Assets", "webapp.project.assets.json"),
            ProjectName = "ContosoShop",
            OutputFile = output,
        };

        Assert.True(task.Execute());
        Assert.Empty(engine.Errors);
        Assert.Contains("\"Serilog\"", File.ReadAllText(output));
    }

    [Fact]
    public void Leaves_an_unchanged_report_in_place()
    {
        using var temp = new TemporaryDirectory();
        var output = temp.Combine("packages.json");
        WritePackageReport Task() => new()
        {
            BuildEngine = new RecordingBuildEngine(),
            AssetsFile = TestPaths.TestData("Assets", "webapp.project.assets.json"),
            ProjectName = "ContosoShop",
            OutputFile = output,
        };

        Assert.True(Task().Execute());
        var firstBytes = File.ReadAllBytes(output);
        File.SetLastWriteTimeUtc(output, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.True(Task().Execute());

        Assert.Equal(firstBytes, File.ReadAllBytes(output));
        Assert.True(File.GetLastWriteTimeUtc(output) > new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc), "the timestamp is refreshed so the target is up to date");
    }

    [Fact]
    public void A_missing_assets_file_fails_with_a_code_and_writes_nothing()
    {
        using var temp = new TemporaryDirectory();
        var engine = new RecordingBuildEngine();
        var output = temp.Combine("packages.json");

        var task = new WritePackageReport
        {
            BuildEngine = engine,
            AssetsFile = temp.Combine("obj", "project.assets.json"),
            ProjectName = "p",
            OutputFile = output,
        };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(BuildDiagnosticIds.AssetsFileMissing, error.Code);
        Assert.Equal(BuildDiagnostics.Get(BuildDiagnosticIds.AssetsFileMissing).HelpLink, error.HelpLink);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void An_unwritable_output_fails_with_a_code_and_leaves_no_temporary_file()
    {
        using var temp = new TemporaryDirectory();
        var engine = new RecordingBuildEngine();
        var blocker = temp.Combine("blocked");
        File.WriteAllText(blocker, "a file where a folder is expected");

        var task = new WritePackageReport
        {
            BuildEngine = engine,
            AssetsFile = TestPaths.TestData("Assets", "webapp.project.assets.json"),
            ProjectName = "p",
            OutputFile = Path.Combine(blocker, "packages.json"),
        };

        Assert.False(task.Execute());
        Assert.Equal(BuildDiagnosticIds.OutputNotWritten, Assert.Single(engine.Errors).Code);
        Assert.Equal(new[] { blocker }, Directory.GetFiles(temp.Path));
    }
}
