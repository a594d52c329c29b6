using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Sbom;
using PipelineSecurity.Build.Tests.Infrastructure;
using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.Build.Tests.Sbom;

/// <summary>Issue 16: per-framework and publish SBOMs, BOM-level metadata, licence texts, scope from the output, SPDX.</summary>
public sealed class SbomDeliveryTests
{
    private static readonly SbomMetadata Company = new()
    {
        Supplier = "Contoso Ltd",
        SupplierUrl = "https://contoso.example",
        Authors = "Ada Lovelace; Alan Turing",
        Contact = "security@contoso.example",
        ProjectUrl = "https://contoso.example/app",
        RepositoryUrl = "https://github.com/contoso/app",
        LicenseExpression = "MIT",
    };

    private static CycloneDxBom Bom(string assets = SbomTestData.App, Func<SbomRequest, SbomRequest>? change = null, string? cache = null, string? assetsPath = null)
    {
        var request = new SbomRequest
        {
            ProjectName = "App",
            ProjectVersion = "3.1.4",
            ProjectType = "application",
            PackageFolders = new[] { cache ?? SbomTestData.PackageCache },
            ToolVersion = "0.1.0",
            Deterministic = true,
        };
        return SbomBuilder.Build(RestoredGraph.Read(assetsPath ?? SbomTestData.AssetsPath(assets)), change is null ? request : change(request));
    }

    private static JsonDocument CycloneDx(CycloneDxBom bom)
    {
        var bytes = CycloneDxSerializer.Serialize(bom);
        JsonSchemaValidator.CycloneDx16.AssertValid(Encoding.UTF8.GetString(bytes));
        return JsonDocument.Parse(bytes);
    }

    private static JsonDocument Spdx(CycloneDxBom bom)
    {
        var bytes = SpdxSerializer.Serialize(bom, DateTimeOffset.FromUnixTimeSeconds(0), deterministic: true);
        JsonSchemaValidator.Spdx23.AssertValid(Encoding.UTF8.GetString(bytes));
        return JsonDocument.Parse(bytes);
    }

    [Fact]
    public void A_per_framework_sbom_holds_that_frameworks_closure_only()
    {
        using var net8 = CycloneDx(Bom(SbomTestData.MultiTargetLib, r => r with { TargetFramework = "net8.0" }));
        using var standard = CycloneDx(Bom(SbomTestData.MultiTargetLib, r => r with { TargetFramework = "netstandard2.0" }));
        using var combined = CycloneDx(Bom(SbomTestData.MultiTargetLib));

        var names8 = net8.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToHashSet();
        var namesStandard = standard.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToHashSet();
        Assert.DoesNotContain("System.Text.Json", names8);
        Assert.Contains("System.Text.Json", namesStandard);
        Assert.Equal(
            combined.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToHashSet(),
            names8.Union(namesStandard).ToHashSet());
        Assert.Equal(new[] { "net8.0" }, SbomTestData.Properties(net8.RootElement.GetProperty("metadata").GetProperty("component"), "pipelinesecurity:targetFramework"));
        Assert.Equal(new[] { "net8.0" }, SbomTestData.Properties(net8.RootElement.GetProperty("metadata"), "pipelinesecurity:targetFramework"));
    }

    [Fact]
    public void The_bom_names_its_supplier_manufacturer_authors_contact_lifecycle_and_the_projects_own_licence()
    {
        using var sbom = CycloneDx(Bom(change: r => r with { Metadata = Company }));

        var metadata = sbom.RootElement.GetProperty("metadata");
        Assert.Equal("build", metadata.GetProperty("lifecycles")[0].GetProperty("phase").GetString());
        Assert.Equal("Contoso Ltd", metadata.GetProperty("supplier").GetProperty("name").GetString());
        Assert.Equal("https://contoso.example", metadata.GetProperty("supplier").GetProperty("url")[0].GetString());
        Assert.Equal("security@contoso.example", metadata.GetProperty("supplier").GetProperty("contact")[0].GetProperty("email").GetString());
        Assert.Equal("Contoso Ltd", metadata.GetProperty("manufacturer").GetProperty("name").GetString());
        Assert.Equal(new[] { "Ada Lovelace", "Alan Turing" }, SbomTestData.Strings(metadata.GetProperty("authors"), "name"));
        var component = metadata.GetProperty("component");
        Assert.Equal("Contoso Ltd", component.GetProperty("supplier").GetProperty("name").GetString());
        Assert.Equal("MIT", component.GetProperty("licenses")[0].GetProperty("expression").GetString());
        Assert.Contains(component.GetProperty("externalReferences").EnumerateArray(), r => r.GetProperty("type").GetString() == "vcs" && r.GetProperty("url").GetString() == "https://github.com/contoso/app");
    }

    [Fact]
    public void Without_company_properties_no_supplier_is_invented()
    {
        using var sbom = CycloneDx(Bom());

        var metadata = sbom.RootElement.GetProperty("metadata");
        Assert.False(metadata.TryGetProperty("supplier", out _));
        Assert.False(metadata.TryGetProperty("manufacturer", out _));
        Assert.False(metadata.GetProperty("component").TryGetProperty("licenses", out _));
    }

    [Fact]
    public void A_licence_file_gets_a_licence_ref_and_its_text_only_when_asked_and_only_from_inside_the_package()
    {
        using var temp = new TemporaryDirectory();
        var cache = SbomTestData.CopyCache(temp.Combine("cache"));
        var serilog = Path.Combine(cache, "serilog", "4.2.0");
        SetLicense(Path.Combine(serilog, "serilog.nuspec"), "<license type=\"file\">docs/LICENSE.txt</license>");
        Directory.CreateDirectory(Path.Combine(serilog, "docs"));
        File.WriteAllText(Path.Combine(serilog, "docs", "LICENSE.txt"), "Licensed under the Serilog licence.\n");
        var json = Path.Combine(cache, "newtonsoft.json", "13.0.3");
        SetLicense(Path.Combine(json, "newtonsoft.json.nuspec"), "<license type=\"file\">../../../outside.txt</license>");
        File.WriteAllText(Path.Combine(cache, "outside.txt"), "not a licence of the package");

        using var without = CycloneDx(Bom(cache: cache));
        var plain = SbomTestData.Component(without, "Serilog").GetProperty("licenses")[0].GetProperty("license");
        Assert.False(plain.TryGetProperty("text", out _));
        Assert.Equal(new[] { "LicenseRef-Serilog-4.2.0" }, SbomTestData.Properties(plain, "pipelinesecurity:licenseRef"));

        var bom = Bom(cache: cache, change: r => r with { IncludeLicenseTexts = true });
        using var with = CycloneDx(bom);
        var text = SbomTestData.Component(with, "Serilog").GetProperty("licenses")[0].GetProperty("license").GetProperty("text");
        Assert.Equal("text/plain", text.GetProperty("contentType").GetString());
        Assert.Equal("base64", text.GetProperty("encoding").GetString());
        Assert.Equal("Licensed under the Serilog licence.\n", Encoding.UTF8.GetString(Convert.FromBase64String(text.GetProperty("content").GetString()!)));
        Assert.False(SbomTestData.Component(with, "Newtonsoft.Json").GetProperty("licenses")[0].GetProperty("license").TryGetProperty("text", out _));

        // SPDX: the same LicenseRef, declared, with the text extracted.
        using var spdx = Spdx(bom);
        var package = spdx.RootElement.GetProperty("packages").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Serilog");
        Assert.Equal("LicenseRef-Serilog-4.2.0", package.GetProperty("licenseDeclared").GetString());
        var extracted = spdx.RootElement.GetProperty("hasExtractedLicensingInfos").EnumerateArray().Single(e => e.GetProperty("licenseId").GetString() == "LicenseRef-Serilog-4.2.0");
        Assert.Equal("Licensed under the Serilog licence.\n", extracted.GetProperty("extractedText").GetString());
    }

    [Fact]
    public void Scope_follows_what_is_copied_to_the_output_not_the_reference_flag()
    {
        using var temp = new TemporaryDirectory();
        var assets = JsonNode.Parse(File.ReadAllText(SbomTestData.AssetsPath(SbomTestData.App)))!.AsObject();
        var dependencies = assets["project"]!["frameworks"]!["net10.0"]!["dependencies"]!.AsObject();
        // A test adapter's way: PrivateAssets="all", but its assemblies are copied to bin/ and run with the output.
        dependencies["Serilog"]!["suppressParent"] = "All";
        // A direct reference with ExcludeAssets="runtime": restore selects no runtime asset for it.
        var newtonsoft = assets["targets"]!["net10.0"]!["Newtonsoft.Json/13.0.3"]!.AsObject();
        newtonsoft["runtime"] = new JsonObject { ["lib/net6.0/_._"] = new JsonObject() };
        dependencies["Newtonsoft.Json"]!["include"] = "Compile, Build, Native, ContentFiles, Analyzers, BuildTransitive";
        var path = temp.Combine("project.assets.json");
        File.WriteAllText(path, assets.ToJsonString());

        using var sbom = CycloneDx(Bom(assetsPath: path));

        string Scope(string name) => SbomTestData.Component(sbom, name).GetProperty("scope").GetString()!;
        Assert.Equal("required", Scope("Serilog"));
        Assert.Equal("required", Scope("Serilog.Sinks.Console"));
        Assert.Equal("excluded", Scope("StyleCop.Analyzers"));
        Assert.Equal("excluded", Scope("Microsoft.SourceLink.GitHub"));
        Assert.Equal("required", Scope("Lib"));
        // Nothing of Newtonsoft.Json is selected for the output any more (whoever depends on it).
        Assert.Equal("excluded", Scope("Newtonsoft.Json"));
    }

    [Fact]
    public void A_publish_sbom_maps_every_published_file_to_its_component_with_hashes()
    {
        var files = new[]
        {
            new PublishedFile("App.dll", new string('a', 64), new string('1', 40), "", ""),
            new PublishedFile("Newtonsoft.Json.dll", new string('b', 64), new string('2', 40), "Newtonsoft.Json", "13.0.3"),
            new PublishedFile("Serilog.dll", new string('c', 64), new string('3', 40), "Serilog", "4.2.0"),
            new PublishedFile("libcoreclr.so", new string('d', 64), new string('4', 40), "Microsoft.NETCore.App.Runtime.linux-x64", "10.0.0"),
        };
        var bom = Bom(change: r => r with { TargetFramework = "net10.0", RuntimeIdentifier = "linux-x64", PublishedFiles = files });

        using var sbom = CycloneDx(bom);
        var serilog = SbomTestData.Component(sbom, "Serilog");
        var file = serilog.GetProperty("components")[0];
        Assert.Equal("file", file.GetProperty("type").GetString());
        Assert.Equal("Serilog.dll", file.GetProperty("name").GetString());
        Assert.Contains(file.GetProperty("hashes").EnumerateArray(), h => h.GetProperty("alg").GetString() == "SHA-256" && h.GetProperty("content").GetString() == new string('c', 64));
        Assert.Equal("Serilog.dll", serilog.GetProperty("evidence").GetProperty("occurrences")[0].GetProperty("location").GetString());
        var runtime = SbomTestData.Component(sbom, "Microsoft.NETCore.App.Runtime.linux-x64");
        Assert.Equal("framework", runtime.GetProperty("type").GetString());
        Assert.Equal("required", runtime.GetProperty("scope").GetString());
        Assert.Equal("App.dll", sbom.RootElement.GetProperty("metadata").GetProperty("component").GetProperty("components")[0].GetProperty("name").GetString());
        Assert.Equal(new[] { "linux-x64" }, SbomTestData.Properties(sbom.RootElement.GetProperty("metadata").GetProperty("component"), "pipelinesecurity:runtimeIdentifier"));

        using var spdx = Spdx(bom);
        Assert.Equal(files.Length, spdx.RootElement.GetProperty("files").GetArrayLength());
        Assert.Equal(files.Length, spdx.RootElement.GetProperty("relationships").EnumerateArray().Count(r => r.GetProperty("relationshipType").GetString() == "CONTAINS"));
    }

    [Fact]
    public void Spdx_states_the_same_facts_as_cyclonedx_and_is_reproducible()
    {
        var bom = Bom(change: r => r with { Metadata = Company });
        using var cyclone = CycloneDx(bom);
        using var spdx = Spdx(bom);

        var packages = spdx.RootElement.GetProperty("packages").EnumerateArray().ToArray();
        foreach (var component in cyclone.RootElement.GetProperty("components").EnumerateArray())
        {
            var purl = component.GetProperty("purl").GetString();
            var package = Assert.Single(packages, p => p.TryGetProperty("externalRefs", out var refs) && refs[0].GetProperty("referenceLocator").GetString() == purl);
            Assert.Equal(component.GetProperty("version").GetString(), package.GetProperty("versionInfo").GetString());
            var expression = component.TryGetProperty("licenses", out var licenses) && licenses[0].TryGetProperty("expression", out var e) ? e.GetString() : null;
            if (expression is not null)
            {
                Assert.Equal(expression, package.GetProperty("licenseDeclared").GetString());
            }

            if (component.TryGetProperty("hashes", out var hashes))
            {
                Assert.Equal(hashes[0].GetProperty("content").GetString(), package.GetProperty("checksums")[0].GetProperty("checksumValue").GetString());
            }
        }

        var dependsOn = cyclone.RootElement.GetProperty("dependencies").EnumerateArray().Sum(d => d.GetProperty("dependsOn").GetArrayLength());
        Assert.Equal(dependsOn, spdx.RootElement.GetProperty("relationships").EnumerateArray().Count(r => r.GetProperty("relationshipType").GetString() == "DEPENDS_ON"));
        Assert.Equal("Organization: Contoso Ltd", packages[0].GetProperty("supplier").GetString());

        var again = SpdxSerializer.Serialize(Bom(change: r => r with { Metadata = Company }), DateTimeOffset.FromUnixTimeSeconds(0), deterministic: true);
        Assert.Equal(SpdxSerializer.Serialize(bom, DateTimeOffset.FromUnixTimeSeconds(0), deterministic: true), again);
        Assert.StartsWith(SpdxSerializer.NamespaceBase, spdx.RootElement.GetProperty("documentNamespace").GetString());
        Assert.NotEqual(
            JsonDocument.Parse(SpdxSerializer.Serialize(bom, DateTimeOffset.UtcNow, deterministic: false)).RootElement.GetProperty("documentNamespace").GetString(),
            JsonDocument.Parse(SpdxSerializer.Serialize(bom, DateTimeOffset.UtcNow, deterministic: false)).RootElement.GetProperty("documentNamespace").GetString());
    }

    [Fact]
    public void The_task_writes_both_formats_and_refuses_an_unknown_one_with_a_code()
    {
        using var temp = new TemporaryDirectory();
        var engine = new RecordingBuildEngine();
        var task = new GenerateSbom
        {
            BuildEngine = engine,
            AssetsFile = SbomTestData.AssetsPath(SbomTestData.App),
            OutputFile = temp.Combine("sbom.cdx.json"),
            SpdxOutputFile = temp.Combine("sbom.spdx.json"),
            Formats = "cyclonedx;spdx",
            PackageFolders = new[] { SbomTestData.PackageCache },
            ProjectName = "App",
            ProjectVersion = "3.1.4",
            Deterministic = true,
        };
        Assert.True(task.Execute());
        JsonSchemaValidator.CycloneDx16.AssertValid(File.ReadAllText(temp.Combine("sbom.cdx.json")));
        JsonSchemaValidator.Spdx23.AssertValid(File.ReadAllText(temp.Combine("sbom.spdx.json")));
        Assert.Equal("1970-01-01T00:00:00Z", JsonDocument.Parse(File.ReadAllBytes(temp.Combine("sbom.spdx.json"))).RootElement.GetProperty("creationInfo").GetProperty("created").GetString());

        task.Formats = "cyclonedx;spdx2";
        Assert.False(task.Execute());
        Assert.Equal(BuildDiagnosticIds.SbomSettingInvalid, Assert.Single(engine.Errors).Code);
        Assert.Contains("spdx2", engine.Errors[0].Message, StringComparison.Ordinal);
    }

    private static void SetLicense(string nuspec, string licenseElement) =>
        File.WriteAllText(nuspec, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(nuspec), "<license [^>]*>[^<]*</license>", licenseElement));
}
