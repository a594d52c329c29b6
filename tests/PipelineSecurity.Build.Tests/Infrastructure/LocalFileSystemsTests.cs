using System;
using System.IO;
using System.Runtime.InteropServices;
using PipelineSecurity.Build.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Infrastructure;

/// <summary>Which paths lie on a disk file system of this machine, from the kernel's mount table.</summary>
public sealed class LocalFileSystemsTests
{
    private const string MountInfo = """
        27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
        22 27 0:21 / /proc rw,relatime - proc proc rw
        30 27 0:27 / /tmp rw,relatime shared:5 - tmpfs tmpfs rw,size=24683664k
        41 27 0:40 / /mnt/builds rw,relatime - nfs4 server:/exports/builds rw,vers=4.2
        42 41 0:41 / /mnt/builds/local rw,relatime - xfs /dev/vdb rw
        43 27 0:42 / /home/dev/remote\040share rw,nosuid - fuse.sshfs dev@host:/srv rw
        44 27 0:43 / /work rw,relatime - 9p drvfs rw
        45 27 0:44 / /work rw,relatime - overlay overlay rw,lowerdir=/a,upperdir=/b,workdir=/c
        """;

    [Theory]
    [InlineData("/src/app/pipeline-security.json", true)]
    [InlineData("/tmp/pipeline-security-tests/a.json", true)]
    [InlineData("/mnt/builds/app/obj/project.assets.json", false)] // NFS: a read can wait on the server
    [InlineData("/mnt/builds/local/app/obj/project.assets.json", true)] // a disk mounted inside the share
    [InlineData("/mnt/buildsX/app.json", true)] // a sibling named like the share is on the root disk
    [InlineData("/home/dev/remote share/pipeline-security.json", false)] // FUSE (sshfs), escaped space in the table
    [InlineData("/work/repo/pipeline-security.json", true)] // the later mount over the same point wins
    [InlineData("/proc/self/status", false)] // not a disk file system
    public void A_path_is_on_disk_when_its_innermost_mount_is_a_disk_file_system(string path, bool onDisk)
    {
        Assert.Equal(onDisk, LocalFileSystems.OnDisk(path, LocalFileSystems.Parse(MountInfo)));
    }

    [Fact]
    public void Malformed_lines_are_skipped_and_an_empty_table_holds_nothing()
    {
        var table = LocalFileSystems.Parse("garbage\n\n1 2 3\n27 1 254:0 / / rw - \n");

        Assert.Empty(table);
        Assert.False(LocalFileSystems.OnDisk("/src/a.json", table));
    }

    [Fact]
    public void On_this_machine_the_test_folder_is_classified_and_relative_paths_never_are()
    {
        Assert.False(LocalFileSystems.Holds("relative/path.json"));
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            // Whatever the file system of the temp folder, the answer comes from the real table without failing.
            _ = LocalFileSystems.Holds(Path.Combine(Path.GetTempPath(), "x.json"));
        }
        else
        {
            Assert.False(LocalFileSystems.Holds(Path.Combine(Path.GetTempPath(), "x.json")));
        }
    }
}
