using System.IO;
using Xunit;

namespace PipelineSecurity.Build.Tests.Infrastructure;

/// <summary>The package's targets import each feature file by name (no wildcard for every evaluation to expand).</summary>
public sealed class FeatureImportsTests
{
    [Fact]
    public void Every_feature_file_is_imported_by_name()
    {
        var targets = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "build", "PipelineSecurity.Analyzers.targets"));
        Assert.DoesNotContain("features/*", targets);
        foreach (var feature in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "build", "features"), "*.targets"))
        {
            Assert.Contains($"<Import Project=\"$(MSBuildThisFileDirectory)features/{Path.GetFileName(feature)}\" />", targets);
        }
    }
}
