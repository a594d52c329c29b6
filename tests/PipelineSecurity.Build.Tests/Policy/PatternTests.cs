using PipelineSecurity.Build.Policy;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy;

public sealed class PatternTests
{
    [Theory]
    [InlineData("Newtonsoft.Json", "newtonsoft.json", true)]
    [InlineData("Microsoft.*", "Microsoft.Extensions.Logging", true)]
    [InlineData("Microsoft.*", "MicrosoftX", false)]
    [InlineData("*.Json", "System.Text.Json", true)]
    [InlineData("Serilog.Sinks.?onsole", "Serilog.Sinks.Console", true)]
    [InlineData("Serilog", "Serilog.Sinks.Console", false)]
    [InlineData("*", "Anything.At.All", true)]
    public void Package_id_patterns_match_case_insensitively_with_wildcards(string pattern, string id, bool expected)
    {
        Assert.Equal(expected, new PackageIdPattern(pattern).Matches(id));
    }

    [Theory]
    [InlineData("src/**/*.cs", "src/a.cs", true)]
    [InlineData("src/**/*.cs", "src/a/b/c.cs", true)]
    [InlineData("src/*.cs", "src/a/b.cs", false)]
    [InlineData("**/Payments/**", "ContosoShop.Core/Payments/ReceiptSigner.cs", true)]
    [InlineData("**/foo/*.cs", "a/foo/b/foo/x.cs", true)]
    [InlineData("tests/**", "src/tests/a.cs", false)]
    [InlineData("Tests\\Fixtures\\*.cs", "tests/fixtures/Key.cs", true)]
    [InlineData("src/?.cs", "src/ab.cs", false)]
    public void Path_patterns_treat_folders_as_the_glob_convention_says(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, new PathPattern(pattern).Matches(path));
    }

    [Fact]
    public void A_pattern_that_makes_backtracking_matchers_explode_is_answered()
    {
        // 50 stars against 5000 characters: exponential for a backtracking matcher, 250,000 steps for the automaton.
        var pattern = new PackageIdPattern(string.Concat(System.Linq.Enumerable.Repeat("*a", 50)) + "b");

        Assert.False(pattern.Matches(new string('a', 5000)));
        Assert.True(pattern.Matches(new string('a', 5000) + "b"));
    }
}
