using System;
using System.Diagnostics;
using System.IO;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Integrity.LockFiles;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Integrity;

/// <summary>The lock-file row of issue 12: packages.lock.json as a FIFO, a dangling link or a folder, against a real restore.</summary>
public sealed class HostileLockFileTests : IClassFixture<LockFileCheckerTests.Fixture>
{
    private readonly LockFileCheckerTests.Fixture fixture;

    public HostileLockFileTests(LockFileCheckerTests.Fixture fixture) => this.fixture = fixture;

    [Fact]
    public void A_fifo_lock_file_is_PSF0010_at_once()
    {
        if (!HostileFiles.HasFifos)
        {
            return;
        }

        var fifo = HostileFiles.MakeFifo(fixture.Consumer.Combine("fifo-" + Guid.NewGuid().ToString("N") + ".json"));
        var watch = Stopwatch.StartNew();

        var finding = Assert.Single(Check(fifo));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(BuildDiagnosticIds.InputNotRegularFile, finding.Code);
        Assert.Equal(fifo, finding.File);
    }

    [Fact]
    public void A_dangling_link_is_PSF0011_not_a_missing_lock_file()
    {
        var link = HostileFiles.MakeSymbolicLink(fixture.Consumer.Combine("link-" + Guid.NewGuid().ToString("N") + ".json"), fixture.Consumer.Combine("gone.json"));

        Assert.Equal(BuildDiagnosticIds.InputLinkBroken, Assert.Single(Check(link)).Code);
    }

    [Fact]
    public void A_folder_is_PSF0010()
    {
        var folder = Directory.CreateDirectory(fixture.Consumer.Combine("folder-" + Guid.NewGuid().ToString("N") + ".json")).FullName;

        Assert.Equal(BuildDiagnosticIds.InputNotRegularFile, Assert.Single(Check(folder)).Code);
    }

    private System.Collections.Generic.IReadOnlyList<PipelineSecurity.Build.Integrity.IntegrityFinding> Check(string path) =>
        LockFileChecker.Check(new LockFileRequest(RestoredGraph.Read(fixture.Consumer.AssetsFile).Assets, path, RequireLockFile: false, (_, _) => null));
}
