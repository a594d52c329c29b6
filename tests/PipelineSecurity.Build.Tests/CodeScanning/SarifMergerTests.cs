using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using PipelineSecurity.Build.CodeScanning;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.CodeScanning;

public sealed class SarifMergerTests
{
    private static byte[] Log(string id, int results) => UploadSarifWriter.Write(new CodeScanningRun(id, new SourceRoot("/repo"), "1",
        Enumerable.Range(1, results).Select(i => new ScanFinding("PSF2001", FindingLevel.Warning, "m", "/repo/a.cs", i, 1) { Fingerprint = i + ":1" }).ToArray(),
        BuildRules.All));

    private static string[] Ids(byte[] log) =>
        JsonDocument.Parse(log).RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("automationDetails").GetProperty("id").GetString()!).ToArray();

    [Fact]
    public void A_project_replaces_its_own_run_and_keeps_the_others_sorted()
    {
        var merged = SarifMerger.Merge(null, Log("b/", 1));
        merged = SarifMerger.Merge(merged, Log("a/", 2));
        merged = SarifMerger.Merge(merged, Log("b/", 3));

        Assert.Equal(new[] { "a/", "b/" }, Ids(merged));
        var b = JsonDocument.Parse(merged).RootElement.GetProperty("runs")[1];
        Assert.Equal(3, b.GetProperty("results").GetArrayLength());
        Assert.Equal("2.1.0", JsonDocument.Parse(merged).RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public void A_damaged_merged_file_is_started_again()
    {
        Assert.Equal(new[] { "a/" }, Ids(SarifMerger.Merge(Encoding.UTF8.GetBytes("{ not json"), Log("a/", 1))));
    }

    [Fact]
    public void Parallel_projects_merging_into_one_file_lose_no_run()
    {
        using var folder = new TemporaryDirectory();
        var path = folder.Combine("sarif", "pipeline-security.sarif");

        Parallel.For(0, 10, new ParallelOptions { MaxDegreeOfParallelism = 5 }, i => SarifMerger.MergeInto(path, Log($"p{i:00}/", 1)));

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"p{i:00}/"), Ids(File.ReadAllBytes(path)));
    }
}
