using System.IO;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Restore;

public sealed class AssetsFileReaderTests
{
    [Fact]
    public void Reads_an_assets_file_captured_from_a_real_restore()
    {
        var assets = AssetsFileReader.Read(TestPaths.TestData("Assets", "webapp.project.assets.json"));

        Assert.True(assets.Version >= 3);
        Assert.Contains(assets.Libraries, library => library.Name == "Serilog" && library.Version.ToNormalizedString() == "4.2.0");
    }

    [Fact]
    public void A_missing_file_asks_for_a_restore()
    {
        using var temp = new TemporaryDirectory();

        var failure = Assert.Throws<BuildDiagnosticException>(() => AssetsFileReader.Read(temp.Combine("project.assets.json")));

        Assert.Equal(BuildDiagnosticIds.AssetsFileMissing, failure.Code);
        Assert.Contains("dotnet restore", failure.Message);
    }

    [Theory]
    [InlineData("{ \"version\": 3, \"targets\": ")]
    [InlineData("not json at all")]
    [InlineData("{}")]
    [InlineData("{ \"version\": \"three\" }")]
    [InlineData("[1, 2, 3]")]
    public void A_corrupt_file_is_a_coded_error(string content)
    {
        using var temp = new TemporaryDirectory();
        var path = temp.Combine("project.assets.json");
        File.WriteAllText(path, content);

        var failure = Assert.Throws<BuildDiagnosticException>(() => AssetsFileReader.Read(path));

        Assert.Equal(BuildDiagnosticIds.AssetsFileUnreadable, failure.Code);
        Assert.Equal(path, failure.File);
    }

    [Fact]
    public void A_binary_file_is_a_coded_error()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.Combine("project.assets.json");
        var bytes = new byte[4096];
        new System.Random(1).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var failure = Assert.Throws<BuildDiagnosticException>(() => AssetsFileReader.Read(path));

        Assert.Equal(BuildDiagnosticIds.AssetsFileUnreadable, failure.Code);
    }
}
