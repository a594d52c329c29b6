using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using PipelineSecurity.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.EndToEnd.Tests;

/// <summary>The sample app built with the packed package, as a user would build it.</summary>
[Collection(PackageCollection.Name)]
public sealed class SampleBuildTests
{
    private const string App = "ContosoShop/ContosoShop.csproj";
    private readonly PackageFixture _package;

    public SampleBuildTests(PackageFixture package) => _package = package;

    [Fact]
    public void Build_reports_the_finding_with_location_redacted_message_and_help_link()
    {
        var (sample, build) = _package.BuiltSample;

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Matches(
            new Regex(@"ReceiptSigner\.cs\(11,1\): warning PSF1001: Private key hard-coded here \(RSA private key, [0-9,]+ characters of key material, redacted\): .+ \(https://\S+/docs/rules/PSF1001\.md\)"),
            build.Output);
        var keyLine = File.ReadAllLines(sample.PathOf("ContosoShop.Core", "Payments", "ReceiptSigner.cs"))
            .First(line => line.Length == 64 && !line.Contains(' '));
        Assert.DoesNotContain(keyLine, build.Output);
    }

    [Fact]
    public void Build_writes_the_package_report_of_each_project()
    {
        var (sample, build) = _package.BuiltSample;

        Assert.True(build.ExitCode == 0, build.ToString());
        AssertReportLists(sample.PathOf("ContosoShop.Core", "bin", "Debug", "net10.0", "pipeline-security", "packages.json"), "Newtonsoft.Json", "13.0.3");
        AssertReportLists(sample.PathOf("ContosoShop", "bin", "Debug", "net10.0", "pipeline-security", "packages.json"), "Serilog", "4.2.0");
    }

    /// <summary>
    /// Unchanged inputs: the generators' targets are skipped and no package is verified again. The policy gate runs on
    /// purpose on every build (an exception can expire overnight) and reads only small files. Then a version given on
    /// the command line regenerates the SBOM.
    /// </summary>
    [Fact]
    public void A_second_build_regenerates_nothing_and_reverifies_no_package()
    {
        using var sample = ConsumerWorkspace.CopyOfSample(_package);
        Assert.Equal(0, sample.Build(App).ExitCode);
        var report = sample.PathOf("ContosoShop", "bin", "Debug", "net10.0", "pipeline-security", "packages.json");
        var sbom = sample.PathOf("ContosoShop", "bin", "Debug", "net10.0", "pipeline-security", "sbom.cdx.json");
        var firstWrites = (File.GetLastWriteTimeUtc(report), File.GetLastWriteTimeUtc(sbom));

        var second = sample.Build(App, "--no-restore", "-v:n");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Skipping target \"PipelineSecurityWritePackageReport\" because all output files are up-to-date", second.Output);
        Assert.Contains("Skipping target \"PipelineSecurityGenerateSbom\" because all output files are up-to-date", second.Output);
        Assert.DoesNotContain("PipelineSecurity: package report written", second.Output);
        foreach (Match verified in Regex.Matches(second.Output, @"PipelineSecurity: verified (\d+) packages \((\d+) unchanged since an earlier build\)"))
        {
            Assert.Equal(verified.Groups[1].Value, verified.Groups[2].Value);
        }

        Assert.Matches(new Regex(@"PipelineSecurity: verified \d+ packages"), second.Output);
        Assert.Equal(firstWrites, (File.GetLastWriteTimeUtc(report), File.GetLastWriteTimeUtc(sbom)));

        // A version given on the command line (as CI does) is no file input, yet it must reach the SBOM.
        var versioned = sample.Build(App, "--no-restore", "-p:Version=2.5.0");
        Assert.True(versioned.ExitCode == 0, versioned.ToString());
        using var rewritten = JsonDocument.Parse(File.ReadAllBytes(sbom));
        Assert.Equal("2.5.0", rewritten.RootElement.GetProperty("metadata").GetProperty("component").GetProperty("version").GetString());
    }

    [Fact]
    public void Warnaserror_fails_the_build_on_the_finding()
    {
        using var sample = ConsumerWorkspace.CopyOfSample(_package);

        var build = sample.Build(App, "-warnaserror");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches(new Regex(@"ReceiptSigner\.cs\(11,1\): error PSF1001: "), build.Output);
    }

    [Fact]
    public void Editorconfig_severity_turns_the_finding_into_an_error_and_none_silences_it()
    {
        using var sample = ConsumerWorkspace.CopyOfSample(_package);
        sample.WriteFile(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.PSF1001.severity = error\n");

        var asError = sample.Build(App);

        Assert.NotEqual(0, asError.ExitCode);
        Assert.Matches(new Regex(@"ReceiptSigner\.cs\(11,1\): error PSF1001: "), asError.Output);

        sample.WriteFile(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.PSF1001.severity = none\n");
        var silenced = sample.Build(App);

        Assert.True(silenced.ExitCode == 0, silenced.ToString());
        Assert.DoesNotContain("PSF1001", silenced.Output);
    }

    [Fact]
    public void PipelineSecurityEnabled_false_silences_everything()
    {
        using var sample = ConsumerWorkspace.CopyOfSample(_package);

        var build = sample.Build(App, "-p:PipelineSecurityEnabled=false");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("PSF", build.Output);
        Assert.Empty(Directory.EnumerateDirectories(sample.Root, "pipeline-security", SearchOption.AllDirectories));
    }

    private static void AssertReportLists(string reportPath, string id, string version)
    {
        Assert.True(File.Exists(reportPath), $"{reportPath} was not written");
        using var report = JsonDocument.Parse(File.ReadAllText(reportPath));
        var packages = report.RootElement.GetProperty("targets")[0].GetProperty("packages").EnumerateArray();
        Assert.Contains(packages, p => p.GetProperty("id").GetString() == id && p.GetProperty("version").GetString() == version);
    }
}
