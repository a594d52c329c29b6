using System.Collections.Generic;
using System.Text.RegularExpressions;
using PipelineSecurity.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.EndToEnd.Tests;

/// <summary>The insecure-configuration rules (PSF2xxx) in a real build of the sample app with the packed package.</summary>
[Collection(PackageCollection.Name)]
public sealed class ConfigurationRulesSampleTests
{
    private const string App = "ContosoShop/ContosoShop.csproj";
    private readonly PackageFixture _package;

    public ConfigurationRulesSampleTests(PackageFixture package) => _package = package;

    [Fact]
    public void Sample_build_reports_the_deliberate_configuration_findings_and_nothing_else()
    {
        var (_, build) = _package.BuiltSample;

        Assert.True(build.ExitCode == 0, build.ToString());
        AssertFinding(build.Output, @"Legacy[\\/]LegacyIntegrations\.cs\(18,61\)", "PSF2001", "HttpClientHandler.ServerCertificateCustomValidationCallback accepts every certificate");
        AssertFinding(build.Output, @"Legacy[\\/]LegacyIntegrations\.cs\(25,22\)", "PSF2010", "MD5 is broken for 'HashPassword'");
        AssertFinding(build.Output, @"Program\.cs\(20,26\)", "PSF2043", "TokenValidationParameters.ValidateIssuer is set to false");
        AssertFinding(build.Output, @"Program\.cs\(21,28\)", "PSF2043", "TokenValidationParameters.ValidateLifetime is set to false");
        AssertFinding(build.Output, @"Program\.cs\(27,73\)", "PSF2042", "CORS policy allows credentials from any origin");

        // A configuration-file finding, at the value in web.config (the package hands *.config to the compiler as AdditionalFiles).
        AssertFinding(build.Output, @"ContosoShop[\\/]web\.config\(11,69\)", "PSF2051", "ASPNETCORE_ENVIRONMENT=Development exposes error details or debugging information to remote users");

        // MD5 as a cache key (line 30) is not a security use; appsettings.json's "AllowedHosts": "*" and its local
        // connection string are not findings; nothing else in the sample is insecure configuration.
        Assert.DoesNotMatch(new Regex(@"LegacyIntegrations\.cs\(30,"), build.Output);
        Assert.DoesNotMatch(new Regex(@"appsettings\.json\(\d+,\d+\): warning PSF2"), build.Output);
        Assert.Equal(6, DistinctFindings(build.Output).Count);
    }

    private static void AssertFinding(string output, string location, string id, string message) =>
        Assert.Matches(
            new Regex(location + @": warning " + id + ": " + Regex.Escape(message) + @"[^\r\n]*\(https://\S+/docs/rules/" + id + @"\.md\)"),
            output);

    /// <summary>MSBuild may print a warning twice (inline and in the summary): each finding counts once.</summary>
    private static HashSet<string> DistinctFindings(string output)
    {
        var findings = new HashSet<string>();
        foreach (Match match in Regex.Matches(output, @"[^\s]+\(\d+,\d+\): warning PSF2\d{3}: "))
        {
            findings.Add(match.Value);
        }

        return findings;
    }
}
