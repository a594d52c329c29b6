using System;
using System.IO;
using PipelineSecurity.Build.Integrity.PackageCache;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Integrity;

public sealed class FileChangeStampTests
{
    [Fact]
    public void An_edit_with_the_modification_time_restored_still_changes_the_stamp()
    {
        using var temp = new TemporaryDirectory();
        var file = temp.Combine("a.dll");
        File.WriteAllBytes(file, new byte[] { 1, 2, 3, 4 });
        File.SetLastWriteTimeUtc(file, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var before = FileChangeStamp.TryGet(file);
        System.Threading.Thread.Sleep(20);

        File.WriteAllBytes(file, new byte[] { 1, 2, 3, 5 });
        File.SetLastWriteTimeUtc(file, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var after = FileChangeStamp.TryGet(file);

        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.Equal(before!.Value.Size, after!.Value.Size);
        Assert.Equal(before.Value.ModifiedNs, after.Value.ModifiedNs);
        Assert.NotEqual(before, after);
        Assert.True(after.Value.IsRegularFile);
        Assert.Equal(after, FileChangeStamp.Parse(after.Value.ToString()));
    }

    [Fact]
    public void A_stamp_is_settled_only_when_older_than_the_check_by_the_margin()
    {
        using var temp = new TemporaryDirectory();
        var file = temp.Combine("a.txt");
        File.WriteAllText(file, "x");
        var stamp = FileChangeStamp.TryGet(file)!.Value;

        Assert.False(stamp.SettledBefore(DateTime.UtcNow));
        Assert.True(stamp.SettledBefore(DateTime.UtcNow + FileChangeStamp.SettleMargin + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Directories_and_missing_files_are_told_apart_from_regular_files()
    {
        using var temp = new TemporaryDirectory();

        Assert.False(FileChangeStamp.TryGet(temp.Path)!.Value.IsRegularFile);
        Assert.Null(FileChangeStamp.TryGet(temp.Combine("missing")));
        Assert.Null(FileChangeStamp.Parse("1:2:3"));
    }

    [Fact]
    public void The_text_form_names_a_missing_entry_and_tells_when_it_is_settled()
    {
        using var temp = new TemporaryDirectory();
        var file = temp.Combine("a.txt");

        Assert.Equal("missing", FileChangeStamp.TextOf(file));
        Assert.True(FileChangeStamp.IsSettledText("missing", DateTime.UtcNow));
        File.WriteAllText(file, "x");
        var text = FileChangeStamp.TextOf(file)!;
        Assert.Equal(FileChangeStamp.TryGet(file)!.Value.ToString(), text);
        Assert.False(FileChangeStamp.IsSettledText(text, DateTime.UtcNow));
        Assert.True(FileChangeStamp.IsSettledText(text, DateTime.UtcNow + FileChangeStamp.SettleMargin + TimeSpan.FromSeconds(1)));
        Assert.False(FileChangeStamp.IsSettledText("garbage", DateTime.MaxValue));
    }
}
