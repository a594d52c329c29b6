using System;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.Integrity.NoOp;
using PipelineSecurity.Build.Integrity.PackageCache;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Integrity.NoOp;

public sealed class TreeStampTests
{
    private static readonly DateTime Old = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static string Folder(TemporaryDirectory temp)
    {
        var folder = temp.Combine("newtonsoft.json", "13.0.3");
        Directory.CreateDirectory(Path.Combine(folder, "lib", "net6.0"));
        File.WriteAllBytes(Path.Combine(folder, "lib", "net6.0", "Newtonsoft.Json.dll"), new byte[] { 1, 2, 3, 4 });
        File.WriteAllText(Path.Combine(folder, "newtonsoft.json.nuspec"), "<package />");
        return folder;
    }

    [Fact]
    public void An_unchanged_folder_keeps_its_digest()
    {
        Assert.True(FileChangeStamp.Supported, "change stamps are expected on the platforms the tests run on (Linux, macOS)");
        using var temp = new TemporaryDirectory();
        var folder = Folder(temp);

        Assert.Equal(TreeStamp.Of(folder), TreeStamp.Of(folder));
    }

    [Fact]
    public void An_edit_with_the_modification_time_restored_changes_the_digest()
    {
        using var temp = new TemporaryDirectory();
        var folder = Folder(temp);
        var dll = Path.Combine(folder, "lib", "net6.0", "Newtonsoft.Json.dll");
        File.SetLastWriteTimeUtc(dll, Old);
        var before = TreeStamp.Of(folder);
        System.Threading.Thread.Sleep(20);

        File.WriteAllBytes(dll, new byte[] { 1, 2, 3, 5 });
        File.SetLastWriteTimeUtc(dll, Old);

        Assert.NotEqual(before!.Value.Digest, TreeStamp.Of(folder)!.Value.Digest);
    }

    [Fact]
    public void In_a_folder_of_thousands_of_entries_an_edit_to_any_one_changes_the_digest()
    {
        // More entry records than the digest gathers before hashing them (16 KiB): every batch counts, the last one too.
        using var temp = new TemporaryDirectory();
        var folder = Folder(temp);
        var files = Path.Combine(folder, "content");
        Directory.CreateDirectory(files);
        for (var i = 0; i < 1500; i++)
        {
            File.WriteAllText(Path.Combine(files, $"file{i:0000}.txt"), "x");
        }

        var digests = new System.Collections.Generic.HashSet<string> { TreeStamp.Of(folder)!.Value.Digest };
        Assert.Equal(digests, new System.Collections.Generic.HashSet<string> { TreeStamp.Of(folder)!.Value.Digest });
        foreach (var i in new[] { 0, 700, 1499 })
        {
            var file = Path.Combine(files, $"file{i:0000}.txt");
            File.SetLastWriteTimeUtc(file, Old);
            System.Threading.Thread.Sleep(20);
            File.WriteAllText(file, "y");
            File.SetLastWriteTimeUtc(file, Old);
            Assert.True(digests.Add(TreeStamp.Of(folder)!.Value.Digest), $"an edit of file {i} went unseen");
        }
    }

    [Fact]
    public void An_added_removed_or_renamed_entry_anywhere_in_the_folder_changes_the_digest()
    {
        using var temp = new TemporaryDirectory();
        var folder = Folder(temp);
        var digests = new System.Collections.Generic.List<string> { TreeStamp.Of(folder)!.Value.Digest };

        File.WriteAllText(Path.Combine(folder, "lib", "net6.0", "extra.dll"), "x");
        digests.Add(TreeStamp.Of(folder)!.Value.Digest);
        File.Move(Path.Combine(folder, "lib", "net6.0", "extra.dll"), Path.Combine(folder, "lib", "net6.0", "other.dll"));
        digests.Add(TreeStamp.Of(folder)!.Value.Digest);
        File.Delete(Path.Combine(folder, "lib", "net6.0", "other.dll"));
        digests.Add(TreeStamp.Of(folder)!.Value.Digest);

        Assert.Equal(digests.Count, new System.Collections.Generic.HashSet<string>(digests).Count);
    }

    [Fact]
    public void A_link_is_stamped_not_followed_and_a_missing_folder_has_its_own_digest()
    {
        using var temp = new TemporaryDirectory();
        var folder = Folder(temp);
        Directory.CreateSymbolicLink(Path.Combine(folder, "root"), "/");

        var stamp = TreeStamp.Of(folder);

        Assert.NotNull(stamp); // the walk did not descend into "/" (it would exceed the entry limit and give null)
        Assert.Equal(TreeStamp.Missing, TreeStamp.Of(temp.Combine("absent")));
    }

    [Fact]
    public void A_freshly_written_folder_is_not_settled()
    {
        using var temp = new TemporaryDirectory();
        var stamp = TreeStamp.Of(Folder(temp))!.Value;

        Assert.False(stamp.SettledBefore(DateTime.UtcNow));
        Assert.True(stamp.SettledBefore(DateTime.UtcNow + FileChangeStamp.SettleMargin + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Walking_many_small_package_folders_allocates_little_per_folder()
    {
        // A no-op build walks every package folder of the graph in each MSBuild node: a buffer of its own per folder
        // (64 KiB each) made a hundred packages allocate several megabytes, and the collections paused the build.
        using var temp = new TemporaryDirectory();
        var folders = new System.Collections.Generic.List<string>();
        for (var i = 0; i < 100; i++)
        {
            var folder = temp.Combine($"package{i:000}", "1.0.0");
            Directory.CreateDirectory(Path.Combine(folder, "lib", "net8.0"));
            File.WriteAllBytes(Path.Combine(folder, "lib", "net8.0", $"Package{i}.dll"), new byte[] { 1, 2, 3 });
            File.WriteAllText(Path.Combine(folder, $"package{i:000}.nuspec"), "<package />");
            folders.Add(folder);
        }

        TreeStamp.Of(folders[0]); // the first call sets up what every later one shares
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var folder in folders)
        {
            Assert.NotNull(TreeStamp.Of(folder));
        }

        var perFolder = (GC.GetAllocatedBytesForCurrentThread() - before) / folders.Count;
        Assert.True(perFolder < 16 * 1024, $"{perFolder} bytes allocated per folder of 5 entries");
    }

    [Fact]
    public void A_replay_of_the_walks_listing_gives_the_walks_digest_and_sees_every_change_a_walk_sees()
    {
        using var temp = new TemporaryDirectory();
        var folder = Folder(temp);
        File.WriteAllText(Path.Combine(folder, "lib", "net6.0", "Newtonsoft.Json.xml"), "<doc />");
        var listing = new System.Collections.Generic.List<string>();
        var walked = TreeStamp.Of(folder, listing)!.Value;
        Assert.Equal(new[] { "lib", "newtonsoft.json.nuspec", "lib/net6.0", "lib/net6.0/Newtonsoft.Json.dll", "lib/net6.0/Newtonsoft.Json.xml" }.OrderBy(e => e),
                     listing.OrderBy(e => e));

        var listed = TreeStamp.DirectoriesListedOnThisThread;
        Assert.Equal(walked, TreeStamp.Replay(folder, listing));
        Assert.Equal(listed, TreeStamp.DirectoriesListedOnThisThread);

        // An edit with the time put back, and a file added that the listing does not name: both change the replay's digest.
        var dll = Path.Combine(folder, "lib", "net6.0", "Newtonsoft.Json.dll");
        File.SetLastWriteTimeUtc(dll, Old);
        var beforeEdit = TreeStamp.Replay(folder, listing)!.Value.Digest;
        System.Threading.Thread.Sleep(20);
        File.WriteAllBytes(dll, new byte[] { 9, 9, 9, 9 });
        File.SetLastWriteTimeUtc(dll, Old);
        Assert.NotEqual(beforeEdit, TreeStamp.Replay(folder, listing)!.Value.Digest);

        var beforeAdd = TreeStamp.Replay(folder, listing)!.Value.Digest;
        File.WriteAllText(Path.Combine(folder, "lib", "net6.0", "Injected.dll"), "MZ");
        Assert.NotEqual(beforeAdd, TreeStamp.Replay(folder, listing)!.Value.Digest);
        Assert.NotEqual(TreeStamp.Of(folder)!.Value.Digest, TreeStamp.Replay(folder, listing)!.Value.Digest);

        // A listed entry that is gone gives no digest at all.
        File.Delete(Path.Combine(folder, "lib", "net6.0", "Newtonsoft.Json.xml"));
        Assert.Null(TreeStamp.Replay(folder, listing));
    }
}
