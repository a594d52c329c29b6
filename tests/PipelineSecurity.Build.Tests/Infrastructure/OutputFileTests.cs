using System.IO;
using System.Text;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Infrastructure;

public sealed class OutputFileTests
{
    [Fact]
    public void Replaces_changed_content_whole_and_reports_the_change()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.Combine("a", "b", "report.json");

        Assert.True(OutputFile.WriteIfChanged(path, Encoding.UTF8.GetBytes("one")));
        Assert.False(OutputFile.WriteIfChanged(path, Encoding.UTF8.GetBytes("one")));
        Assert.True(OutputFile.WriteIfChanged(path, Encoding.UTF8.GetBytes("two, longer")));

        Assert.Equal("two, longer", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(temp.Combine("a", "b")));
    }
}
