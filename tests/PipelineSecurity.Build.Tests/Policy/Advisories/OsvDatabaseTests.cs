using System.IO;
using System.Linq;
using NuGet.Versioning;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Policy.Advisories;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy.Advisories;

/// <summary>Matching on real GitHub advisories (TestData/Advisories); the expected pairs come from tests/Advisories/README.md.</summary>
public sealed class OsvDatabaseTests
{
    private static readonly OsvDatabase Database = OsvDatabaseReader.ReadFolder(PolicyTestFiles.AdvisoryFolder);

    private static string[] Match(string id, string version) =>
        Database.Match(id, NuGetVersion.Parse(version)).Select(a => a.Id).ToArray();

    [Theory]
    [InlineData("Newtonsoft.Json", "12.0.3", "GHSA-5crp-9r3c-p9vr")]
    [InlineData("Newtonsoft.Json", "12.0.3-beta1", "GHSA-5crp-9r3c-p9vr")]
    [InlineData("Newtonsoft.Json", "9.0.1", "GHSA-5crp-9r3c-p9vr")]
    [InlineData("System.Text.Json", "8.0.0", "GHSA-8g4q-xg66-9fp4,GHSA-hh2w-p6rv-4g7w")]
    [InlineData("System.Text.Json", "6.0.8", "GHSA-8g4q-xg66-9fp4")]
    [InlineData("System.Text.Json", "7.0.3", "GHSA-hh2w-p6rv-4g7w")]
    [InlineData("System.IdentityModel.Tokens.Jwt", "6.8.0", "GHSA-59j7-ghrg-fj52")]
    [InlineData("DotNetZip", "1.16.0", "GHSA-xhg6-9j5j-w4vf")]
    [InlineData("Snappier", "1.1.0", "GHSA-838x-pcvx-6p5w")]
    [InlineData("System.Formats.Asn1", "7.0.0", "GHSA-447r-wph3-92pm")]
    [InlineData("Microsoft.NETCore.App.Runtime.linux-x64", "8.0.0", "GHSA-447r-wph3-92pm")]
    [InlineData("Azure.Identity", "1.10.2", "GHSA-m5vv-6r4h-3vj9")]
    [InlineData("Microsoft.Identity.Client", "4.55.0", "GHSA-m5vv-6r4h-3vj9")]
    [InlineData("MessagePack", "1.7.3.4", "GHSA-4qm4-8hg2-g2xm")]
    [InlineData("NuGet.Protocol", "5.7.0", "GHSA-g3q9-xf95-8hp5")]
    [InlineData("BouncyCastle", "1.8.9", "GHSA-m44j-cfrm-g8qc")]
    [InlineData("System.Drawing.Common", "4.7.0", "GHSA-rxg9-xrhp-64gj")]
    public void Affected_versions_match(string id, string version, string expected)
    {
        Assert.Equal(expected.Split(','), Match(id, version));
    }

    [Theory]
    [InlineData("Newtonsoft.Json", "13.0.1")]
    [InlineData("Newtonsoft.Json", "13.0.3")]
    [InlineData("System.Text.Json", "8.0.5")]
    [InlineData("System.IdentityModel.Tokens.Jwt", "7.5.0")]
    [InlineData("System.IdentityModel.Tokens.Jwt", "5.7.2")]
    [InlineData("DotNetZip", "1.10.0")]
    [InlineData("Snappier", "1.3.1")]
    [InlineData("System.Formats.Asn1", "8.0.1")]
    [InlineData("Azure.Identity", "1.11.4")]
    [InlineData("Microsoft.Identity.Client", "4.60.4")]
    [InlineData("Microsoft.Identity.Client", "4.21.1")]
    [InlineData("MessagePack", "2.5.302")]
    [InlineData("AWSSDK.Core", "4.0.3.3")]
    [InlineData("AWSSDK.Core", "3.7.402")]
    [InlineData("NuGet.Protocol", "6.7.0")]
    [InlineData("BouncyCastle.Cryptography", "2.4.0")]
    [InlineData("System.Drawing.Common", "4.7.3")]
    public void Fixed_and_unaffected_versions_do_not_match(string id, string version)
    {
        Assert.Empty(Match(id, version));
    }

    [Fact]
    public void Four_part_versions_compare_numerically()
    {
        Assert.Equal(new[] { "GHSA-9cvc-h2w8-phrp" }, Match("AWSSDK.Core", "4.0.3.2"));
        Assert.Equal(new[] { "GHSA-g3q9-xf95-8hp5" }, Match("NuGet.Protocol", "5.10.0"));
        Assert.Empty(Match("NuGet.Protocol", "5.11.3"));
    }

    [Fact]
    public void A_withdrawn_duplicate_is_never_reported()
    {
        // GHSA-8g9c-28fc-mcx2 was withdrawn as a duplicate of GHSA-59j7-ghrg-fj52 with the same ranges.
        Assert.Contains(Database.Advisories, a => a.Id == "GHSA-8g9c-28fc-mcx2" && a.Withdrawn);
        Assert.Equal(new[] { "GHSA-59j7-ghrg-fj52" }, Match("Microsoft.IdentityModel.JsonWebTokens", "6.8.0"));
    }

    [Fact]
    public void Severity_and_aliases_are_read_and_other_ecosystems_ignored()
    {
        var rxg9 = Database.Advisories.Single(a => a.Id == "GHSA-rxg9-xrhp-64gj");
        Assert.Equal(AdvisorySeverity.Critical, rxg9.Severity);
        Assert.True(Database.Advisories.Single(a => a.Id == "GHSA-5crp-9r3c-p9vr").IsKnownAs("cve-2024-21907"));
        Assert.Equal(AdvisorySeverity.Low, Database.Advisories.Single(a => a.Id == "GHSA-9cvc-h2w8-phrp").Severity);
        Assert.All(Database.Advisories.Single(a => a.Id == "GHSA-m5vv-6r4h-3vj9").Affected, a => Assert.DoesNotContain("azure-identity", a.Name));
    }

    [Fact]
    public void A_damaged_record_is_an_error_naming_the_file()
    {
        using var temp = new TemporaryDirectory();
        File.Copy(Path.Combine(PolicyTestFiles.AdvisoryFolder, "GHSA-5crp-9r3c-p9vr.json"), temp.Combine("GHSA-5crp-9r3c-p9vr.json"));
        File.WriteAllText(temp.Combine("broken.json"), "{ \"id\": \"GHSA-x\",\n \"affected\": [ ");

        var failure = Assert.Throws<OsvDatabaseException>(() => OsvDatabaseReader.ReadFolder(temp.Path));
        Assert.EndsWith("broken.json", failure.File);
        Assert.Contains("is not valid JSON at line 2", failure.Message);
    }

    [Fact]
    public void A_malformed_version_in_a_record_is_an_error_not_a_silent_miss()
    {
        // A real past state of GHSA-x9vc-6hfv-hg8c had "fixed": "8.0.3, 7.0.7".
        var record = "{\"id\":\"GHSA-x9vc-6hfv-hg8c\",\"affected\":[{\"package\":{\"ecosystem\":\"NuGet\",\"name\":\"Npgsql\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"8.0.0\"},{\"fixed\":\"8.0.3, 7.0.7\"}]}]}]}";

        var failure = Assert.Throws<OsvDatabaseException>(() => OsvDatabaseReader.Parse(System.Text.Encoding.UTF8.GetBytes(record), "x.json"));
        Assert.Contains("'8.0.3, 7.0.7' in a 'fixed' event is not a NuGet version", failure.Message);
    }

    [Fact]
    public void A_record_of_another_ecosystem_only_is_skipped_and_a_missing_folder_is_an_error()
    {
        var npm = "{\"id\":\"GHSA-npm\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"x\"}}]}";
        Assert.Null(OsvDatabaseReader.Parse(System.Text.Encoding.UTF8.GetBytes(npm), "npm.json"));

        Assert.Throws<OsvDatabaseException>(() => OsvDatabaseReader.ReadFolder(Path.Combine(Path.GetTempPath(), "no-such-advisory-folder")));
    }
}

public sealed class OsvDatabaseCacheTests
{
    [Fact]
    public void Reuses_an_unchanged_folder_and_rereads_a_changed_one()
    {
        using var temp = new TemporaryDirectory();
        File.Copy(Path.Combine(PolicyTestFiles.AdvisoryFolder, "GHSA-5crp-9r3c-p9vr.json"), temp.Combine("a.json"));

        var first = OsvDatabaseCache.Get(temp.Path);
        Assert.Same(first, OsvDatabaseCache.Get(temp.Path));

        File.Copy(Path.Combine(PolicyTestFiles.AdvisoryFolder, "GHSA-rxg9-xrhp-64gj.json"), temp.Combine("b.json"));
        var second = OsvDatabaseCache.Get(temp.Path);
        Assert.NotSame(first, second);
        Assert.Equal(2, second.Advisories.Count);

        File.WriteAllText(temp.Combine("b.json"), "{ broken");
        Assert.Throws<OsvDatabaseException>(() => OsvDatabaseCache.Get(temp.Path));
    }
}
