using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using NuGet.Versioning;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Sbom;
using PipelineSecurity.Build.Tests.Infrastructure;
using PipelineSecurity.Build.Tests.Policy;
using Xunit;

namespace PipelineSecurity.Build.Tests.Restore;

public sealed class PackageFactsTests
{
    private static RestoredPackage Package(string id, string version, params string[] folders)
    {
        var parsed = NuGetVersion.Parse(version);
        return new RestoredPackage(id, parsed) { Location = PackagesFolderLocator.Locate(id, parsed, folders) };
    }

    private static PackageLicense License(PackageFactsReader reader, RestoredPackage package) =>
        reader.TryRead(package, out var damage)?.License
        ?? (damage!.Code == BuildDiagnosticIds.SbomPackageMissing ? PackageLicense.NotFound : new PackageLicense(PackageLicenseKind.Unreadable, null, damage.Message));

    [Fact]
    public void Reads_expressions_files_urls_and_missing_licences_from_nuspecs()
    {
        using var temp = new TemporaryDirectory();
        var folder = temp.Combine("packages");
        var elsewhere = temp.Combine("elsewhere");
        PolicyTestFiles.WriteNuspec(folder, "Expr", "1.0.0", PolicyTestFiles.Expression("MIT OR Apache-2.0"));
        PolicyTestFiles.WriteNuspec(folder, "FileLicensed", "2.0.0-beta.1", "<license type=\"file\">LICENSE.txt</license><licenseUrl>https://aka.ms/deprecateLicenseUrl</licenseUrl>");
        PolicyTestFiles.WriteNuspec(folder, "OldStyle", "1.0.0", "<licenseUrl>https://example.com/eula.html</licenseUrl>");
        PolicyTestFiles.WriteNuspec(folder, "ServiceUrl", "1.0.0", "<licenseUrl>https://licenses.nuget.org/MIT%20OR%20Apache-2.0</licenseUrl>");
        PolicyTestFiles.WriteNuspec(folder, "Nothing", "1.0.0", "");
        var reader = new PackageFactsReader();

        Assert.Equal(new PackageLicense(PackageLicenseKind.Expression, "MIT OR Apache-2.0", null), License(reader, Package("expr", "1.0.0", elsewhere, folder)));
        var file = License(reader, Package("FileLicensed", "2.0.0-BETA.1", elsewhere, folder));
        Assert.Equal((PackageLicenseKind.File, "LICENSE.txt", (string?)null), (file.Kind, file.Detail, file.FileUrl));
        Assert.Equal(new PackageLicense(PackageLicenseKind.UrlOnly, null, "https://example.com/eula.html"), License(reader, Package("OldStyle", "1.0.0", elsewhere, folder)));
        Assert.Equal("MIT OR Apache-2.0", License(reader, Package("ServiceUrl", "1.0.0", elsewhere, folder)).Expression);
        Assert.Equal(PackageLicenseKind.None, License(reader, Package("Nothing", "1.0.0", elsewhere, folder)).Kind);
        Assert.Equal(PackageLicense.NotFound, License(reader, Package("Absent", "1.0.0", elsewhere, folder)));
    }

    [Fact]
    public void A_damaged_nuspec_is_one_coded_damage_reported_once_instead_of_a_crash()
    {
        using var temp = new TemporaryDirectory();
        var nuspec = temp.Combine("broken", "1.0.0", "broken.nuspec");
        Directory.CreateDirectory(Path.GetDirectoryName(nuspec)!);
        File.WriteAllBytes(nuspec, new byte[] { 0x3C, 0x00, 0xFF, 0xFE, 0x01 });
        var reader = new PackageFactsReader();
        var package = Package("Broken", "1.0.0", temp.Path);

        Assert.Null(reader.TryRead(package, out var damage));

        Assert.Equal(BuildDiagnosticIds.SbomNuspecUnreadable, damage!.Code);
        Assert.Equal(nuspec, damage.File);
        Assert.Contains("Broken 1.0.0", damage.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be read", damage.Message, StringComparison.Ordinal);
        Assert.Equal(damage.Code, Assert.Throws<Build.Infrastructure.BuildDiagnosticException>(() => reader.Read(package)).Code);
        Assert.True(reader.ShouldReport(damage));
        Assert.False(reader.ShouldReport(damage));
    }

    [Fact]
    public void A_package_missing_from_the_packages_folders_is_one_coded_damage_naming_it()
    {
        using var temp = new TemporaryDirectory();

        var failure = Assert.Throws<Build.Infrastructure.BuildDiagnosticException>(() => new PackageFactsReader().Read(Package("Serilog", "4.2.0", temp.Path)));

        Assert.Equal(BuildDiagnosticIds.SbomPackageMissing, failure.Code);
        Assert.Contains("Serilog 4.2.0", failure.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet restore", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nuspec_changed_during_the_build_is_read_again()
    {
        using var temp = new TemporaryDirectory();
        PolicyTestFiles.WriteNuspec(temp.Path, "Lib", "1.0.0", PolicyTestFiles.Expression("MIT"));
        var reader = new PackageFactsReader();
        var package = Package("Lib", "1.0.0", temp.Path);
        Assert.Same(reader.Read(package), reader.Read(package));

        PolicyTestFiles.WriteNuspec(temp.Path, "Lib", "1.0.0", PolicyTestFiles.Expression("Apache-2.0"));
        File.SetLastWriteTimeUtc(package.NuspecPath, DateTime.UtcNow.AddMinutes(1));

        Assert.Equal("Apache-2.0", reader.Read(package).License.Expression);
    }

    /// <summary>The SBOM and the policy gate of one build read every licence through the same rules, and agree.</summary>
    [Fact]
    public void Sbom_and_policy_agree_on_a_licence_url_only_nuspec_and_on_a_damaged_one_reported_once()
    {
        using var temp = new TemporaryDirectory();
        var packages = temp.Combine("packages");
        PolicyTestFiles.WriteSampleNuspecs(packages, id => id switch
        {
            "Newtonsoft.Json" => "<licenseUrl>https://licenses.nuget.org/MIT</licenseUrl>",
            "Serilog" => "<licenseUrl>https://example.com/serilog-eula.html</licenseUrl>",
            _ => PolicyTestFiles.Expression("MIT"),
        });
        var assets = PolicyTestFiles.WriteAssets(temp, packages);
        var policyFile = PolicyTestFiles.WritePolicy(temp, """{ "version": 1, "mode": "enforce", "licenses": { "allowed": ["MIT"], "unknown": "deny" } }""");
        var build = new RecordingBuildEngine();

        Assert.True(Sbom(build, assets, temp.Combine("sbom.cdx.json")).Execute());
        Assert.False(Gate(build, assets, policyFile, temp).Execute());

        using var sbom = JsonDocument.Parse(File.ReadAllBytes(temp.Combine("sbom.cdx.json")));
        var newtonsoft = Sbom(sbom, "Newtonsoft.Json");
        Assert.Equal("MIT", newtonsoft.GetProperty("expression").GetString());
        var serilog = Sbom(sbom, "Serilog");
        Assert.Equal("https://example.com/serilog-eula.html", serilog.GetProperty("license").GetProperty("url").GetString());
        Assert.False(serilog.TryGetProperty("expression", out _));

        // The policy sees the same: MIT for the licence-service URL, "a URL only" (unknown, denied here) for the other.
        var error = Assert.Single(build.Errors);
        Assert.Equal(BuildDiagnosticIds.PolicyLicenseUnknown, error.Code);
        Assert.Contains("Serilog@4.2.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("only gives a licence URL (https://example.com/serilog-eula.html)", error.Message, StringComparison.Ordinal);

        // A nuspec damaged afterwards: both tasks fail on it, with one code (PSF3002), logged once per build.
        File.WriteAllText(Path.Combine(packages, "newtonsoft.json", "13.0.3", "newtonsoft.json.nuspec"), "<package><metadata><id>Newtonsoft.Json</id");
        var gateOnly = new RecordingBuildEngine();
        Assert.False(Gate(gateOnly, assets, policyFile, temp).Execute());
        var damage = Assert.Single(gateOnly.Errors, e => e.Code == BuildDiagnosticIds.SbomNuspecUnreadable);
        Assert.Contains("Newtonsoft.Json 13.0.3", damage.Message, StringComparison.Ordinal);
        Assert.Contains(gateOnly.Errors, e => e.Code == BuildDiagnosticIds.PolicyLicenseUnknown && e.Message!.Contains("Newtonsoft.Json@13.0.3", StringComparison.Ordinal));

        var both = new RecordingBuildEngine();
        Assert.False(Sbom(both, assets, temp.Combine("sbom2.cdx.json")).Execute());
        Assert.False(Gate(both, assets, policyFile, temp).Execute());
        Assert.Single(both.Errors, e => e.Code == BuildDiagnosticIds.SbomNuspecUnreadable);
        Assert.Contains(both.Errors, e => e.Code == BuildDiagnosticIds.PolicyLicenseUnknown);
        Assert.False(File.Exists(temp.Combine("sbom2.cdx.json")));
    }

    private static JsonElement Sbom(JsonDocument sbom, string name) =>
        sbom.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name)
            .GetProperty("licenses").EnumerateArray().Single();

    private static GenerateSbom Sbom(RecordingBuildEngine engine, string assets, string output) => new()
    {
        BuildEngine = engine,
        AssetsFile = assets,
        OutputFile = output,
        ProjectName = "ContosoShop",
        ProjectVersion = "1.0.0",
        Deterministic = true,
    };

    private static EnforcePipelineSecurityPolicy Gate(RecordingBuildEngine engine, string assets, string policyFile, TemporaryDirectory temp) => new()
    {
        BuildEngine = engine,
        PolicyFile = policyFile,
        AssetsFile = assets,
        ProjectName = "ContosoShop",
        ProjectFile = temp.Combine("ContosoShop.csproj"),
        SarifReportFile = temp.Combine("bin", "policy.sarif"),
        AuditLogFile = temp.Combine("bin", "policy-audit.jsonl"),
        Today = "2026-11-26",
    };
}
