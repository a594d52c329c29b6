using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using PipelineSecurity.Build.Integrity.PackageCache;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Integrity;

public sealed class FolderEntryStampsTests
{
    private static string PackageFolder(TemporaryDirectory temp)
    {
        var folder = temp.Combine("serilog", "4.2.0");
        Directory.CreateDirectory(Path.Combine(folder, "lib", "net8.0"));
        File.WriteAllBytes(Path.Combine(folder, "lib", "net8.0", "Serilog.dll"), new byte[] { 1, 2, 3 });
        File.WriteAllText(Path.Combine(folder, "serilog.nuspec"), "<package />");
        File.WriteAllText(Path.Combine(folder, "notes é.txt"), "x");
        File.CreateSymbolicLink(Path.Combine(folder, "link-to-dll"), Path.Combine(folder, "lib", "net8.0", "Serilog.dll"));
        File.CreateSymbolicLink(Path.Combine(folder, "link-to-lib"), Path.Combine(folder, "lib"));
        File.CreateSymbolicLink(Path.Combine(folder, "dangling"), Path.Combine(folder, "nothing-here"));
        return folder;
    }

    private static FileChangeStamp FolderStamp(string folder) => FileChangeStamp.TryGet(folder)!.Value;

    [Theory]
    [InlineData("lib", true)]
    [InlineData("lib/net8.0", true)]
    [InlineData("lib/net8.0/Serilog.dll", false)]
    [InlineData("serilog.nuspec", false)]
    [InlineData("notes é.txt", false)]
    [InlineData("link-to-dll", false)]
    [InlineData("link-to-lib", false)]
    [InlineData("dangling", false)]
    public void Each_entry_has_the_stamp_of_its_full_path_and_a_link_is_never_followed(string relative, bool folder)
    {
        using var temp = new TemporaryDirectory();
        var packageFolder = PackageFolder(temp);
        using var stamps = new FolderEntryStamps(packageFolder, FolderStamp(packageFolder));

        var stamp = stamps.TryGet(relative, out var isDirectory);

        Assert.NotNull(stamp);
        Assert.Equal(FileChangeStamp.TryGet(packageFolder + "/" + relative, out var isDirectoryByPath), stamp);
        Assert.Equal(isDirectoryByPath, isDirectory);
        Assert.Equal(folder, isDirectory);
        Assert.Equal(Encoding.UTF8.GetBytes(relative), stamps.PathBytes.Take(stamps.PathLength).ToArray());
    }

    [Fact]
    public void A_missing_entry_or_a_name_no_file_can_have_has_no_stamp_and_the_lookups_go_on()
    {
        using var temp = new TemporaryDirectory();
        var folder = PackageFolder(temp);
        using var stamps = new FolderEntryStamps(folder, FolderStamp(folder));

        Assert.Null(stamps.TryGet("lib/net8.0/Removed.dll", out var isDirectory));
        Assert.False(isDirectory);
        Assert.Null(stamps.TryGet("serilog.nuspec\0whatever", out _)); // never the stamp of "serilog.nuspec"
        Assert.NotNull(stamps.TryGet("serilog.nuspec", out _));
    }

    [Fact]
    public void On_linux_the_entries_are_looked_up_from_the_folder_itself_and_elsewhere_by_their_full_paths()
    {
        using var temp = new TemporaryDirectory();
        var folder = PackageFolder(temp);

        using var stamps = new FolderEntryStamps(folder, FolderStamp(folder));

        var statxRelative = RuntimeInformation.IsOSPlatform(OSPlatform.Linux)
            && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;
        Assert.Equal(statxRelative, stamps.LooksUpRelative);
    }

    [Fact]
    public void A_folder_swapped_for_another_since_its_stamp_was_taken_is_not_read_through_a_descriptor()
    {
        // The descriptor would name the new folder while the digest holds the old one's stamp: the lookups take the
        // full paths instead, and so see what is there now (the check then finds the digest changed).
        using var temp = new TemporaryDirectory();
        var folder = PackageFolder(temp);
        var stampBefore = FolderStamp(folder);
        Directory.Move(folder, folder + ".old");
        Directory.CreateDirectory(Path.Combine(folder, "lib", "net8.0"));
        File.WriteAllBytes(Path.Combine(folder, "lib", "net8.0", "Serilog.dll"), new byte[] { 6, 6, 6, 6 });

        using var stamps = new FolderEntryStamps(folder, stampBefore);

        Assert.False(stamps.LooksUpRelative);
        var dll = stamps.TryGet("lib/net8.0/Serilog.dll", out _);
        Assert.Equal(FileChangeStamp.TryGet(Path.Combine(folder, "lib", "net8.0", "Serilog.dll")), dll);
        Assert.Equal(4, dll!.Value.Size);
    }
}
