using System;
using System.Diagnostics;
using System.IO;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Policy.Advisories;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy.Advisories;

/// <summary>The advisory-folder rows of issue 12: every failure is PSF6009 (OsvDatabaseException) naming the culprit, never PSF0001.</summary>
public sealed class HostileAdvisoryFolderTests
{
    [Fact]
    public void The_file_system_root_as_database_is_a_coded_error_within_seconds()
    {
        var watch = Stopwatch.StartNew();

        // Whatever stops it first (an unreadable folder, the entry limit, a JSON file that is not OSV), it is PSF6009.
        Assert.Throws<OsvDatabaseException>(() => OsvDatabaseCache.Get(Path.GetPathRoot(Path.GetTempPath())!));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed.TotalSeconds:0} s");
    }

    [Fact]
    public void A_fifo_named_like_a_record_is_refused_naming_it()
    {
        if (!HostileFiles.HasFifos)
        {
            return;
        }

        using var temp = new TemporaryDirectory();
        var fifo = HostileFiles.MakeFifo(temp.Combine("GHSA-0000-0000-0000.json"));

        var bad = Assert.Throws<OsvDatabaseException>(() => OsvDatabaseReader.ReadFolder(temp.Path));

        Assert.Equal(fifo, bad.File);
        Assert.Contains("named pipe", bad.Message);
    }

    [Fact]
    public void A_link_to_a_folder_inside_the_database_is_not_followed()
    {
        using var temp = new TemporaryDirectory();
        File.Copy(Directory.GetFiles(PolicyTestFiles.AdvisoryFolder, "*.json")[0], temp.Combine("a.json"));
        var link = HostileFiles.MakeDirectorySymbolicLink(temp.Combine("everything"), "/");

        var bad = Assert.Throws<OsvDatabaseException>(() => OsvDatabaseReader.ReadFolder(temp.Path));

        Assert.Equal(link, bad.File);
        Assert.Contains("not followed", bad.Message);
    }

    [Fact]
    public void A_record_over_its_cap_names_the_property()
    {
        using var temp = new TemporaryDirectory();
        File.Copy(Directory.GetFiles(PolicyTestFiles.AdvisoryFolder, "*.json")[0], temp.Combine("a.json"));

        using (InputLimits.Parse("PipelineSecurityAdvisoryFileMaxBytes=100").Apply())
        {
            var bad = Assert.Throws<OsvDatabaseException>(() => OsvDatabaseReader.ReadFolder(temp.Path));
            Assert.Contains("PipelineSecurityAdvisoryFileMaxBytes", bad.Message);
        }

        using (InputLimits.Parse("PipelineSecurityAdvisoryMaxFiles=1").Apply())
        {
            Directory.CreateDirectory(temp.Combine("more"));
            var bad = Assert.Throws<OsvDatabaseException>(() => OsvDatabaseReader.ReadFolder(temp.Path));
            Assert.Contains("PipelineSecurityAdvisoryMaxFiles", bad.Message);
        }
    }

    [Fact]
    public void An_unreadable_subfolder_is_named()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var temp = new TemporaryDirectory();
        var locked = Directory.CreateDirectory(temp.Combine("locked")).FullName;
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            if (CanList(locked))
            {
                return; // running as root: nothing is unreadable
            }

            var bad = Assert.Throws<OsvDatabaseException>(() => OsvDatabaseReader.ReadFolder(temp.Path));
            Assert.Equal(locked, bad.File);
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static bool CanList(string folder)
    {
        try
        {
            Directory.GetFileSystemEntries(folder);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
