using PipelineSecurity.Analyzers.Secrets.Detection;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Secrets.Detection;

public sealed class SecretScanOptionsTests
{
    [Theory]
    [InlineData("Xk9#mQ2v!Lp7Rw", true)]
    [InlineData("Xk9#*", true)]
    [InlineData("*Lp7Rw", true)]
    [InlineData("Xk9*Rw", true)]
    [InlineData("Xk9#", false)]
    [InlineData("other", false)]
    public void The_allow_list_matches_exact_values_and_wildcards(string pattern, bool allowed)
    {
        const string Value = "Xk9#mQ2v!Lp7Rw";
        var options = new SecretScanOptions(3.0, System.Array.Empty<string>(), new[] { pattern });
        Assert.Equal(allowed, options.IsAllowed(Value, 0, Value.Length));
        Assert.Equal(!allowed, SecretScanner.TryScoreNamedValue("password", Value, 0, Value.Length, options, out _));
    }
}
