using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using PipelineSecurity.Build.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Infrastructure;

public sealed class InputFileTests
{
    [Fact]
    public void Reads_a_regular_file_and_a_link_to_one()
    {
        using var temp = new TemporaryDirectory();
        var file = temp.Combine("policy.json");
        File.WriteAllText(file, "{ \"version\": 1 }");

        Assert.Equal("{ \"version\": 1 }", Encoding.UTF8.GetString(InputFile.ReadAllBytes(file, InputKind.PolicyFile)));
        var link = HostileFiles.MakeSymbolicLink(temp.Combine("link.json"), file);
        Assert.Equal("{ \"version\": 1 }", InputFile.ReadAllText(link, InputKind.PolicyFile));
    }

    [Fact]
    public void An_empty_regular_file_is_read_as_empty()
    {
        using var temp = new TemporaryDirectory();
        var file = temp.Combine("empty.json");
        File.WriteAllBytes(file, Array.Empty<byte>());

        Assert.Empty(InputFile.ReadAllBytes(file, InputKind.PolicyFile));
    }

    [Fact]
    public void A_fifo_is_refused_without_being_opened()
    {
        if (!HostileFiles.HasFifos)
        {
            return;
        }

        using var temp = new TemporaryDirectory();
        var fifo = HostileFiles.MakeFifo(temp.Combine("pipeline-security.json"));
        var watch = Stopwatch.StartNew();

        var refused = Assert.Throws<InputRefusedException>(() => InputFile.ReadAllBytes(fifo, InputKind.PolicyFile));

        Assert.Equal(BuildDiagnosticIds.InputNotRegularFile, refused.Code);
        Assert.Contains("named pipe (FIFO)", refused.Message);
        Assert.Contains(fifo, refused.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "a FIFO must be refused at once, not after a timeout");
    }

    [Fact]
    public void A_read_that_misses_its_deadline_is_a_coded_error_and_later_reads_get_another_thread()
    {
        using var unblock = new System.Threading.ManualResetEventSlim();
        var blockedThread = -1;
        try
        {
            using (InputLimits.Parse("PipelineSecurityInputReadTimeout=1").Apply())
            {
                var watch = Stopwatch.StartNew();
                var refused = Assert.Throws<InputRefusedException>(() => InputFile.WithDeadline("/hung/share/file", InputKind.PolicyFile, () =>
                {
                    blockedThread = Environment.CurrentManagedThreadId;
                    unblock.Wait(); // as open() on a FIFO swapped in after the check, or a hung network share
                    return 0;
                }));

                Assert.Equal(BuildDiagnosticIds.InputReadTimedOut, refused.Code);
                Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(30));
                Assert.Contains("/hung/share/file", refused.Message);
            }

            // The blocked thread is never handed another read; reads go on, on threads of their own (not the caller's).
            for (var i = 0; i < 3; i++)
            {
                var reader = InputFile.WithDeadline("/some/file", InputKind.PolicyFile, () => Environment.CurrentManagedThreadId);
                Assert.NotEqual(blockedThread, reader);
                Assert.NotEqual(Environment.CurrentManagedThreadId, reader);
            }

            Assert.Equal(42, InputFile.WithDeadline("/some/file", InputKind.PolicyFile, () => 42));
            Assert.Throws<InvalidDataException>(() => InputFile.WithDeadline<int>("/some/file", InputKind.PolicyFile, () => throw new InvalidDataException("damaged")));
        }
        finally
        {
            unblock.Set();
        }
    }

    [Fact]
    public void Reading_a_small_work_file_allocates_about_its_size()
    {
        // Read on the no-op path of every project: an 80 KB chunk per read was most of what a project's check allocated.
        using var temp = new TemporaryDirectory();
        var file = temp.Combine("policy.read");
        File.WriteAllText(file, new string('x', 2000));
        InputFile.ReadAllBytesOnThisThread(file, InputKind.VerdictStore);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var bytes = InputFile.ReadAllBytesOnThisThread(file, InputKind.VerdictStore);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2000, bytes.Length);
        Assert.True(allocated < 16 * 1024, $"{allocated} bytes allocated to read 2000");
    }

    [Fact]
    public void A_work_file_is_read_on_the_calling_thread_and_a_fifo_in_its_place_is_refused_at_once()
    {
        using var temp = new TemporaryDirectory();
        var file = temp.Combine("policy.read");
        File.WriteAllText(file, "cached");
        Assert.Equal("cached", Encoding.UTF8.GetString(InputFile.ReadAllBytesOnThisThread(file, InputKind.VerdictStore)));
        Assert.Throws<FileNotFoundException>(() => InputFile.ReadAllBytesOnThisThread(temp.Combine("missing"), InputKind.VerdictStore));
        if (!HostileFiles.HasFifos)
        {
            return;
        }

        // Opened without blocking (no writer will ever come), then refused as what it is.
        var fifo = HostileFiles.MakeFifo(temp.Combine("integrity.snapshot"));
        var watch = Stopwatch.StartNew();
        var refused = Assert.Throws<InputRefusedException>(() => InputFile.ReadAllBytesOnThisThread(fifo, InputKind.VerdictStore));
        Assert.Equal(BuildDiagnosticIds.InputNotRegularFile, refused.Code);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "a FIFO must not block the open");
    }

    [Fact]
    public void On_a_disk_file_system_an_input_is_read_on_the_calling_thread_with_the_same_refusals()
    {
        using var temp = new TemporaryDirectory();
        var file = temp.Combine("pipeline-security.json");
        File.WriteAllText(file, "{ \"version\": 1 }");
        if (!LocalFileSystems.Holds(file))
        {
            return; // a network or FUSE temp folder, macOS or Windows: the reads keep the deadline (tests above)
        }

        Assert.True(InputFile.ReadsOnCallingThread(file));
        Assert.Equal("{ \"version\": 1 }", InputFile.ReadAllText(file, InputKind.PolicyFile));
        using (var stream = InputFile.OpenRead(file, InputKind.PolicyFile))
        {
            Assert.Equal(16, stream.Length);
        }

        // The same refusals as under the deadline: a dangling link by its own code, a FIFO at once, a missing file as such.
        var dangling = HostileFiles.MakeSymbolicLink(temp.Combine("dangling.json"), temp.Combine("gone.json"));
        Assert.Equal(BuildDiagnosticIds.InputLinkBroken, Assert.Throws<InputRefusedException>(() => InputFile.ReadAllBytes(dangling, InputKind.PolicyFile)).Code);
        Assert.Throws<FileNotFoundException>(() => InputFile.ReadAllBytes(temp.Combine("missing.json"), InputKind.PolicyFile));
        Assert.Throws<DirectoryNotFoundException>(() => InputFile.ReadAllBytes(temp.Combine("no", "such", "folder.json"), InputKind.PolicyFile));
        if (HostileFiles.HasFifos)
        {
            var fifo = HostileFiles.MakeFifo(temp.Combine("fifo.json"));
            Assert.Equal(BuildDiagnosticIds.InputNotRegularFile, Assert.Throws<InputRefusedException>(() => InputFile.ReadAllBytes(fifo, InputKind.PolicyFile)).Code);
        }
    }

    [Fact]
    public void A_link_to_a_zero_length_device_is_refused()
    {
        if (!File.Exists(HostileFiles.EndlessDevice))
        {
            return;
        }

        using var temp = new TemporaryDirectory();
        var link = HostileFiles.MakeSymbolicLink(temp.Combine("pipeline-security.json"), HostileFiles.EndlessDevice);

        var refused = Assert.Throws<InputRefusedException>(() => InputFile.ReadAllBytes(link, InputKind.PolicyFile));

        Assert.Equal(BuildDiagnosticIds.InputNotRegularFile, refused.Code);
        Assert.Contains("character device", refused.Message);
    }

    [Fact]
    public void A_dangling_link_is_refused_naming_its_target()
    {
        using var temp = new TemporaryDirectory();
        var link = HostileFiles.MakeSymbolicLink(temp.Combine("packages.lock.json"), temp.Combine("gone.json"));

        var refused = Assert.Throws<InputRefusedException>(() => InputFile.ReadAllBytes(link, InputKind.LockFile));

        Assert.Equal(BuildDiagnosticIds.InputLinkBroken, refused.Code);
        Assert.Contains("gone.json", refused.Message);
    }

    [Fact]
    public void A_directory_is_refused()
    {
        using var temp = new TemporaryDirectory();
        var folder = Directory.CreateDirectory(temp.Combine("pipeline-security.json")).FullName;

        var refused = Assert.Throws<InputRefusedException>(() => InputFile.ReadAllBytes(folder, InputKind.PolicyFile));

        Assert.Equal(BuildDiagnosticIds.InputNotRegularFile, refused.Code);
        Assert.Contains("a directory", refused.Message);
    }

    [Fact]
    public void A_missing_file_is_left_to_the_caller()
    {
        using var temp = new TemporaryDirectory();

        Assert.Throws<FileNotFoundException>(() => InputFile.ReadAllBytes(temp.Combine("none.json"), InputKind.PolicyFile));
    }

    [Fact]
    public void The_cap_names_the_property_that_raises_it_and_the_property_raises_it()
    {
        using var temp = new TemporaryDirectory();
        var file = temp.Combine("big.json");
        File.WriteAllBytes(file, new byte[2 * 1024 * 1024]);

        var refused = Assert.Throws<InputRefusedException>(() => InputFile.ReadAllBytes(file, InputKind.PolicyFile));
        Assert.Equal(BuildDiagnosticIds.InputTooLarge, refused.Code);
        Assert.Contains("PipelineSecurityPolicyFileMaxBytes", refused.Message);
        Assert.Contains("1 MiB", refused.Message);

        using (InputLimits.Parse("PipelineSecurityPolicyFileMaxBytes=4194304;PipelineSecurityLockFileMaxBytes=").Apply())
        {
            Assert.Equal(2 * 1024 * 1024, InputFile.ReadAllBytes(file, InputKind.PolicyFile).Length);
            Assert.Equal(InputKind.LockFile.DefaultMaxBytes, InputKind.LockFile.MaxBytes);
        }

        Assert.Throws<InputRefusedException>(() => InputFile.ReadAllBytes(file, InputKind.PolicyFile));
    }

    [Fact]
    public void A_streamed_read_stops_at_the_cap()
    {
        using var temp = new TemporaryDirectory();
        var file = temp.Combine("a.nupkg");
        File.WriteAllBytes(file, new byte[3000]);

        using (InputLimits.Parse("PipelineSecurityPackageMaxBytes=2000").Apply())
        {
            var refused = Assert.Throws<InputRefusedException>(() => InputFile.OpenRead(file, InputKind.PackageArchive));
            Assert.Equal(BuildDiagnosticIds.InputTooLarge, refused.Code);
        }

        using var stream = InputFile.OpenRead(file, InputKind.PackageArchive);
        Assert.Equal(3000, stream.Length);
    }

    [Fact]
    public void A_limit_that_is_not_a_positive_number_is_a_coded_error()
    {
        var invalid = Assert.Throws<BuildDiagnosticException>(() => InputLimits.Parse("PipelineSecurityPolicyFileMaxBytes=1MB"));

        Assert.Equal(BuildDiagnosticIds.InputLimitInvalid, invalid.Code);
        Assert.Contains("PipelineSecurityPolicyFileMaxBytes", invalid.Message);
    }

    [Fact]
    public void File_system_entries_are_told_apart_without_opening_them()
    {
        using var temp = new TemporaryDirectory();
        var file = temp.Combine("f");
        File.WriteAllText(file, "x");
        Assert.Equal(FileSystemEntryType.RegularFile, FileSystemEntry.Of(file));
        Assert.Equal(FileSystemEntryType.Directory, FileSystemEntry.Of(temp.Path));
        Assert.Equal(FileSystemEntryType.Missing, FileSystemEntry.Of(temp.Combine("none")));
        var link = HostileFiles.MakeSymbolicLink(temp.Combine("l"), file);
        Assert.Equal(FileSystemEntryType.SymbolicLink, FileSystemEntry.Of(link));
        Assert.Equal(FileSystemEntryType.RegularFile, FileSystemEntry.Target(link));
        if (HostileFiles.HasFifos)
        {
            Assert.Equal(FileSystemEntryType.Fifo, FileSystemEntry.Of(HostileFiles.MakeFifo(temp.Combine("p"))));
        }
    }
}
