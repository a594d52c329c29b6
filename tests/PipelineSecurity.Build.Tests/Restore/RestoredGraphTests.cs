using System;
using System.IO;
using System.Linq;
using NuGet.Versioning;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Restore;

public sealed class RestoredGraphTests
{
    private static RestoredGraph Graph(string name) => RestoredGraph.Read(TestPaths.TestData("Assets", name));

    [Fact]
    public void Restored_packages_come_from_the_assets_file_with_direct_and_transitive_marked()
    {
        var packages = Graph("webapp.project.assets.json").Packages;

        Assert.Equal(12, packages.Count);
        Assert.Contains(packages, p => p.Id == "Serilog" && p.Version.ToNormalizedString() == "4.2.0" && p.Direct);
        Assert.Contains(packages, p => p.Id == "Newtonsoft.Json" && !p.Direct);
        Assert.DoesNotContain(packages, p => p.Id == "ContosoShop.Core");
        Assert.Equal(packages.Select(p => p.Id).OrderBy(id => id, StringComparer.OrdinalIgnoreCase), packages.Select(p => p.Id));
    }

    [Fact]
    public void Direct_is_decided_per_target_framework_and_once_for_the_package()
    {
        var graph = Graph("multitarget.project.assets.json");

        var net8 = graph.Targets.Single(t => t.Name == "net8.0");
        var net10 = graph.Targets.Single(t => t.Name == "net10.0");
        Assert.True(net8.Find("System.Text.Json")!.Direct);
        Assert.Null(net10.Find("System.Text.Json"));
        var json = graph.Packages.Single(p => p.Id == "System.Text.Json");
        Assert.True(json.Direct);
        Assert.Equal(new[] { "net8.0" }, json.Frameworks);
        Assert.Equal(new[] { "net10.0", "net8.0" }, graph.Packages.Single(p => p.Id == "Serilog").Frameworks);
    }

    [Fact]
    public void Edges_leave_out_what_restore_pruned_and_projects_are_nodes_too()
    {
        var graph = Graph("sbom-app.project.assets.json");
        var target = graph.Targets.Single();

        var tokens = target.Find("Microsoft.IdentityModel.Tokens")!;
        Assert.False(tokens.Direct);
        Assert.Equal(
            new[] { "Microsoft.Bcl.Cryptography", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.IdentityModel.Logging" },
            tokens.DependsOn.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
        var lib = target.Find("Lib")!;
        Assert.False(lib.IsPackage);
        Assert.True(lib.Direct);
        Assert.Null(lib.Package);
        Assert.Contains(lib.DependsOn, d => d.Id == "Newtonsoft.Json");
        Assert.Same(graph.Packages.Single(p => p.Id == "Newtonsoft.Json"), target.Find("Newtonsoft.Json")!.Package);
    }

    [Fact]
    public void What_is_copied_to_the_output_follows_the_selected_assets_and_the_reference()
    {
        var target = Graph("sbom-app.project.assets.json").Targets.Single();

        // A build-only package referenced with PrivateAssets="all" brings no runtime assets.
        var sourceLink = target.Find("Microsoft.SourceLink.GitHub")!;
        Assert.True(sourceLink.Reference!.PrivateAll);
        Assert.False(sourceLink.CopiedToOutput);
        Assert.False(target.Find("StyleCop.Analyzers")!.CopiedToOutput);

        // Ordinary direct and transitive packages are copied.
        Assert.True(target.Find("Serilog")!.CopiedToOutput);
        Assert.False(target.Find("Serilog")!.Reference!.PrivateAll);
        Assert.Contains(target.Find("Serilog")!.RuntimeAssets, a => a.EndsWith("Serilog.dll", StringComparison.Ordinal));
        Assert.True(target.Find("Microsoft.IdentityModel.Tokens")!.CopiedToOutput);
        Assert.Null(target.Find("Microsoft.IdentityModel.Tokens")!.Reference);
    }

    [Fact]
    public void Each_package_is_located_once_in_the_first_packages_folder_that_holds_it()
    {
        using var temp = new TemporaryDirectory();
        var empty = temp.Combine("empty");
        var cache = temp.Combine("cache");
        Directory.CreateDirectory(empty);
        Directory.CreateDirectory(Path.Combine(cache, "serilog", "4.2.0"));

        var graph = Graph("sbom-app.project.assets.json").WithPackageFolders(new[] { empty, cache });

        var serilog = graph.Packages.Single(p => p.Id == "Serilog");
        Assert.True(serilog.Location.Found);
        Assert.Equal(Path.Combine(cache, "serilog", "4.2.0"), serilog.Folder.TrimEnd(Path.DirectorySeparatorChar));
        Assert.Equal(Path.Combine(cache, "serilog", "4.2.0", "serilog.nuspec"), serilog.NuspecPath);
        Assert.EndsWith("serilog.4.2.0.nupkg", serilog.NupkgPath, StringComparison.Ordinal);

        // Not found anywhere: the first folder's expected place, so messages can say where it should be.
        var json = graph.Packages.Single(p => p.Id == "Newtonsoft.Json");
        Assert.False(json.Location.Found);
        Assert.StartsWith(empty, json.Folder, StringComparison.Ordinal);
        Assert.Same(json, graph.FindPackage("newtonsoft.json", NuGetVersion.Parse("13.0.3")));
    }
}
