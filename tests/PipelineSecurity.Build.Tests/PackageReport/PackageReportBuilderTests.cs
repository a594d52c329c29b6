using System.Linq;
using System.Text;
using System.Text.Json;
using PipelineSecurity.Build.PackageReport;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.PackageReport;

public sealed class PackageReportBuilderTests
{
    [Fact]
    public void Lists_every_package_of_every_framework_and_marks_direct_ones()
    {
        var assets = RestoredGraph.Read(TestPaths.TestData("Assets", "multitarget.project.assets.json"));

        var report = PackageReportBuilder.Build("mt", assets);

        Assert.Equal(new[] { "net10.0", "net8.0" }, report.Targets.Select(t => t.FrameworkName));
        var net8 = report.Targets.Single(t => t.FrameworkName == "net8.0");
        Assert.Contains(net8.Packages, p => p.Id == "System.Text.Json" && p.VersionText == "8.0.5" && p.Direct);
        var net10 = report.Targets.Single(t => t.FrameworkName == "net10.0");
        Assert.DoesNotContain(net10.Packages, p => p.Id == "System.Text.Json");
        Assert.Contains(net10.Packages, p => p.Id == "Serilog" && p.VersionText == "4.2.0" && p.Direct);
    }

    [Fact]
    public void Transitive_packages_are_not_direct_and_edges_are_kept()
    {
        var assets = RestoredGraph.Read(TestPaths.TestData("Assets", "webapp.project.assets.json"));

        var report = PackageReportBuilder.Build("ContosoShop", assets);

        var packages = report.Targets.Single().Packages.ToArray();
        var jwt = packages.Single(p => p.Id == "Microsoft.AspNetCore.Authentication.JwtBearer");
        Assert.True(jwt.Direct);
        Assert.Contains("Microsoft.IdentityModel.Protocols.OpenIdConnect", jwt.DependencyIds);
        Assert.False(packages.Single(p => p.Id == "Microsoft.IdentityModel.Tokens").Direct);
        Assert.Equal(packages.Select(p => p.Id).OrderBy(id => id, System.StringComparer.OrdinalIgnoreCase), packages.Select(p => p.Id));
    }

    [Fact]
    public void Serialized_report_is_stable_json()
    {
        var assets = RestoredGraph.Read(TestPaths.TestData("Assets", "webapp.project.assets.json"));
        var report = PackageReportBuilder.Build("ContosoShop", assets);

        var first = PackageReportSerializer.Serialize(report);
        var second = PackageReportSerializer.Serialize(PackageReportBuilder.Build("ContosoShop", assets));

        Assert.Equal(first, second);
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(first));
        Assert.Equal("ContosoShop", document.RootElement.GetProperty("project").GetString());
        Assert.Equal(report.Targets.Single().Packages.Count(), document.RootElement.GetProperty("targets")[0].GetProperty("packages").GetArrayLength());
    }
}
