using System;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.Integrity.NoOp;
using PipelineSecurity.Build.Integrity.PackageCache;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy;

/// <summary>The policy gate's stamp of the advisory database: any change gives another, an unchanged folder the same one, cheaply.</summary>
public sealed class StampAdvisoryDatabaseTests
{
    // Later than every file the test wrote, by more than the settle margin.
    private static DateTime Later => DateTime.UtcNow.AddMinutes(1);

    private static TemporaryDirectory Database()
    {
        var folder = new TemporaryDirectory();
        foreach (var id in new[] { "GHSA-aaaa-bbbb-cccc", "GHSA-dddd-eeee-ffff", "GHSA-gggg-hhhh-jjjj" })
        {
            var record = Path.Combine(folder.Path, "github-reviewed", "2024", "05", id, id + ".json");
            Directory.CreateDirectory(Path.GetDirectoryName(record)!);
            File.WriteAllText(record, "{\"id\":\"" + id + "\",\"affected\":[]}");
        }

        return folder;
    }

    private static string Stamp(string folder, string listing, RecordingBuildEngine? engine = null, DateTime? now = null)
    {
        var task = new StampAdvisoryDatabase { BuildEngine = engine ?? new RecordingBuildEngine(), Folder = folder, ListingFile = listing, NowUtc = now ?? Later };
        Assert.True(task.Execute());
        return task.Stamp;
    }

    [Fact]
    public void An_unchanged_folder_keeps_its_stamp_and_is_replayed_without_listing_a_folder()
    {
        if (!FileChangeStamp.Supported)
        {
            return;
        }

        using var database = Database();
        using var state = new TemporaryDirectory();
        var listing = state.Combine("advisories.listing");

        var first = Stamp(database.Path, listing);
        var listed = TreeStamp.DirectoriesListedOnThisThread;
        var second = Stamp(database.Path, listing);

        Assert.StartsWith("tree:", first);
        Assert.Equal(first, second);
        Assert.Equal(listed, TreeStamp.DirectoriesListedOnThisThread);
    }

    [Theory]
    [InlineData("added")]
    [InlineData("removed")]
    [InlineData("edited, time put back")]
    [InlineData("renamed")]
    public void Any_change_to_a_record_gives_another_stamp(string change)
    {
        if (!FileChangeStamp.Supported)
        {
            return;
        }

        using var database = Database();
        using var state = new TemporaryDirectory();
        var listing = state.Combine("advisories.listing");
        var record = Path.Combine(database.Path, "github-reviewed", "2024", "05", "GHSA-dddd-eeee-ffff", "GHSA-dddd-eeee-ffff.json");
        var before = Stamp(database.Path, listing);

        switch (change)
        {
            case "added":
                File.WriteAllText(Path.Combine(Path.GetDirectoryName(record)!, "GHSA-kkkk-mmmm-nnnn.json"), "{}");
                break;
            case "removed":
                File.Delete(record);
                break;
            case "edited, time put back":
                var time = File.GetLastWriteTimeUtc(record);
                File.WriteAllText(record, "{\"id\":\"GHSA-dddd-eeee-ffff\",\"affected\":[{}]}");
                File.SetLastWriteTimeUtc(record, time);
                break;
            default:
                File.Move(record, record + ".old");
                break;
        }

        Assert.NotEqual(before, Stamp(database.Path, listing));
    }

    [Fact]
    public void A_folder_changed_within_the_settle_margin_gets_a_new_stamp_on_every_build()
    {
        if (!FileChangeStamp.Supported)
        {
            return;
        }

        using var database = Database();
        using var state = new TemporaryDirectory();
        var listing = state.Combine("advisories.listing");

        var first = Stamp(database.Path, listing, now: DateTime.UtcNow);
        var second = Stamp(database.Path, listing, now: DateTime.UtcNow.AddMilliseconds(1));

        Assert.NotEqual(first, second);
        Assert.False(File.Exists(listing));
    }

    [Fact]
    public void A_linked_record_gets_a_new_stamp_on_every_build()
    {
        if (!FileChangeStamp.Supported)
        {
            return;
        }

        using var database = Database();
        using var outside = new TemporaryDirectory();
        var target = outside.Combine("GHSA-link-link-link.json");
        File.WriteAllText(target, "{}");
        File.CreateSymbolicLink(Path.Combine(database.Path, "GHSA-link-link-link.json"), target);
        using var state = new TemporaryDirectory();
        var listing = state.Combine("advisories.listing");

        // Its target can change while the link does not.
        Assert.NotEqual(Stamp(database.Path, listing), Stamp(database.Path, listing, now: Later.AddSeconds(1)));
    }

    [Fact]
    public void The_projects_of_one_build_share_one_stamp()
    {
        if (!FileChangeStamp.Supported)
        {
            return;
        }

        using var database = Database();
        using var state = new TemporaryDirectory();
        var engine = new RecordingBuildEngine();
        var first = Stamp(database.Path, state.Combine("a.listing"), engine);
        var listed = TreeStamp.DirectoriesListedOnThisThread;

        var second = Stamp(database.Path + Path.DirectorySeparatorChar, state.Combine("b.listing"), engine);

        Assert.Equal(first, second);
        Assert.Equal(listed, TreeStamp.DirectoriesListedOnThisThread);
        Assert.False(File.Exists(state.Combine("b.listing")));
    }

    [Fact]
    public void Without_change_stamps_the_stamp_follows_every_entrys_path_size_and_time()
    {
        using var database = Database();
        var record = Path.Combine(database.Path, "github-reviewed", "2024", "05", "GHSA-dddd-eeee-ffff", "GHSA-dddd-eeee-ffff.json");
        string Stamp() => Build.Policy.Advisories.AdvisoryDatabaseStamp.NamesAndTimes(database.Path, 1000, Later);

        var first = Stamp();
        Assert.StartsWith("times:", first);
        Assert.Equal(first, Stamp());

        File.SetLastWriteTimeUtc(record, File.GetLastWriteTimeUtc(record).AddSeconds(-10));
        var touched = Stamp();
        File.Move(record, record + ".old");
        var renamed = Stamp();

        Assert.Equal(3, new[] { first, touched, renamed }.Distinct().Count());
        Assert.StartsWith("changing:", Build.Policy.Advisories.AdvisoryDatabaseStamp.NamesAndTimes(database.Path, 1000, DateTime.UtcNow));
        Assert.StartsWith("changing:", Build.Policy.Advisories.AdvisoryDatabaseStamp.NamesAndTimes(database.Path, 3, Later));
    }

    [Fact]
    public void A_damaged_or_foreign_listing_costs_a_walk_and_never_hides_a_change()
    {
        if (!FileChangeStamp.Supported)
        {
            return;
        }

        using var database = Database();
        using var state = new TemporaryDirectory();
        var listing = state.Combine("advisories.listing");
        var before = Stamp(database.Path, listing);
        var text = File.ReadAllText(listing);

        // A listing that leaves out the record added since: a replay of it cannot give the recorded digest.
        File.WriteAllText(Path.Combine(database.Path, "github-reviewed", "2024", "05", "new.json"), "{}");
        var afterAdd = Stamp(database.Path, listing);
        File.WriteAllText(listing, text);
        Assert.Equal(afterAdd, Stamp(database.Path, listing));
        Assert.NotEqual(before, afterAdd);

        File.WriteAllText(listing, "not a listing");
        Assert.Equal(afterAdd, Stamp(database.Path, listing));
    }
}
