using System.IO;
using System.Linq;
using PipelineSecurity.Build.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Infrastructure;

/// <summary>docs/limits.md lists every cap with its property and default, and the targets pass every property to the tasks.</summary>
public sealed class LimitsDocumentationTests
{
    public static TheoryData<string, long> Limits()
    {
        var data = new TheoryData<string, long>();
        foreach (var kind in InputKind.All)
        {
            data.Add(kind.Property, kind.DefaultMaxBytes);
        }

        data.Add(InputLimits.ReadTimeoutProperty, InputLimits.DefaultReadTimeoutSeconds);
        data.Add(InputLimits.AdvisoryMaxFilesProperty, InputLimits.DefaultAdvisoryMaxFiles);
        data.Add(InputLimits.PackageFolderMaxFilesProperty, InputLimits.DefaultPackageFolderMaxFiles);
        data.Add(InputLimits.PackageFolderMaxBytesProperty, InputLimits.DefaultPackageFolderMaxBytes);
        return data;
    }

    [Theory]
    [MemberData(nameof(Limits))]
    public void Each_limit_is_documented_with_its_default_and_reaches_the_tasks(string property, long defaultValue)
    {
        var row = File.ReadAllLines(Path.Combine(TestPaths.RepoRoot, "docs", "limits.md")).SingleOrDefault(l => l.StartsWith($"| `{property}` |"));
        Assert.True(row is not null, $"docs/limits.md has no row for {property}");
        Assert.StartsWith($"| `{property}` | {defaultValue}", row);

        var targets = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "build", "PipelineSecurity.Analyzers.targets"));
        Assert.Contains($"{property}=$({property})", targets);
    }

    [Fact]
    public void Every_task_invocation_passes_the_limits()
    {
        foreach (var targets in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "build", "features"), "*.targets"))
        {
            var text = File.ReadAllText(targets);
            foreach (var task in typeof(PipelineSecurityTask).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(PipelineSecurityTask)) && !t.IsAbstract))
            {
                var invocations = text.Split(new[] { "<" + task.Name + " " }, System.StringSplitOptions.None).Skip(1);
                Assert.All(invocations, i => Assert.StartsWith("InputLimits=\"$(_PipelineSecurityInputLimits)\"", i.TrimStart()));
            }
        }
    }

    [Fact]
    public void The_readme_links_the_limits_page()
    {
        Assert.Contains("(docs/limits.md)", File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md")));
    }
}
