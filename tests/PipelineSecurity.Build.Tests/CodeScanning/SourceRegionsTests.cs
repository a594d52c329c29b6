using PipelineSecurity.Build.CodeScanning;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.CodeScanning;

public sealed class SourceRegionsTests
{
    [Fact]
    public void Reads_single_and_multi_line_regions_by_utf16_columns()
    {
        using var folder = new TemporaryDirectory();
        var file = folder.Combine("a.cs");
        System.IO.File.WriteAllText(file, "var x = 1;\r\nvar key = \"abc\r\ndef\";\nreturn;\n");
        var regions = new SourceRegions();

        Assert.Equal("1", regions.Text(file, 1, 9, 1, 10));
        Assert.Equal("\"abc\ndef\"", regions.Text(file, 2, 11, 3, 5));
    }

    [Fact]
    public void An_empty_region_gives_its_line_and_unreadable_input_gives_null()
    {
        using var folder = new TemporaryDirectory();
        var file = folder.Combine("a.cs");
        System.IO.File.WriteAllText(file, "first\nsecond line\n");
        var regions = new SourceRegions();

        Assert.Equal("second line", regions.Text(file, 2, 3, 2, 3));
        Assert.Null(regions.Text(folder.Combine("missing.cs"), 1, 1, 1, 2));
        Assert.Null(regions.Text(file, 99, 1, 99, 2));
        Assert.Null(regions.Text(null, 1, 1, 1, 1));
        Assert.Equal("first", regions.Text(file, 1, 1, 0, 0));
    }
}
