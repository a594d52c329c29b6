using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Policy.Advisories;
using PipelineSecurity.Build.Policy.LicenseExpressions;

namespace PipelineSecurity.Policy.Benchmarks;

/// <summary>
/// The cost the policy gate adds to every build (it is not skipped as up to date, because exceptions expire):
/// the whole gate on the recorded sample web app (12 packages, licences from nuspecs, 24 real advisories, an error
/// log), and its parts at scale: a 5,000-record advisory folder (the size of a NuGet export of the GitHub database),
/// the policy parser, and licence-expression evaluation.
/// </summary>
[MemoryDiagnoser]
public class PolicyGateBenchmarks
{
    private string _root = "";
    private PolicyGateRequest _gate = null!;
    private string _largeDatabase = "";
    private byte[] _policyBytes = Array.Empty<byte>();
    private LicenseExpressionEvaluator _evaluator = null!;

    [GlobalSetup]
    public void Setup()
    {
        var repo = typeof(PolicyGateBenchmarks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        _root = Path.Combine(Path.GetTempPath(), "pipeline-security-bench", Guid.NewGuid().ToString("N"));
        var packages = Path.Combine(_root, "packages");
        var advisories = Path.Combine(_root, "advisories");
        Directory.CreateDirectory(advisories);
        var realAdvisories = Path.Combine(repo, "tests", "Advisories", "osv");
        foreach (var file in Directory.GetFiles(realAdvisories, "*.json"))
        {
            File.Copy(file, Path.Combine(advisories, Path.GetFileName(file)));
        }

        // The recorded sample web app's restore output, pointed at a package folder of nuspecs written here.
        var assets = JsonNode.Parse(File.ReadAllText(Path.Combine(repo, "tests", "PipelineSecurity.Build.Tests", "TestData", "Assets", "webapp.project.assets.json")))!.AsObject();
        assets["packageFolders"] = new JsonObject { [packages + "/"] = new JsonObject() };
        foreach (var library in assets["libraries"]!.AsObject().Select(l => l.Key.Split('/')))
        {
            var folder = Path.Combine(packages, library[0].ToLowerInvariant(), library[1].ToLowerInvariant());
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, library[0].ToLowerInvariant() + ".nuspec"),
                $"<?xml version=\"1.0\"?><package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata><id>{library[0]}</id><version>{library[1]}</version><authors>a</authors><description>d</description><license type=\"expression\">MIT OR Apache-2.0</license></metadata></package>");
        }

        var assetsFile = Path.Combine(_root, "project.assets.json");
        File.WriteAllText(assetsFile, assets.ToJsonString());
        var policy = File.ReadAllText(Path.Combine(repo, "samples", "pipeline-security.json"));
        var policyFile = Path.Combine(_root, "pipeline-security.json");
        File.WriteAllText(policyFile, policy);
        _policyBytes = Encoding.UTF8.GetBytes(policy);
        var errorLog = Path.Combine(_root, "errors.sarif");
        File.WriteAllText(errorLog, "{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": \"PSF1001\", \"message\": { \"text\": \"key (redacted)\" }, \"locations\": [ { \"physicalLocation\": { \"artifactLocation\": { \"uri\": \"file:///src/a.cs\" }, \"region\": { \"startLine\": 1, \"startColumn\": 1 } } } ] } ] } ] }");
        _gate = new PolicyGateRequest(policyFile, assetsFile, "ContosoShop", "/src/ContosoShop.csproj", errorLog, null,
            Path.Combine(_root, "out", "policy.sarif"), Path.Combine(_root, "out", "policy-audit.jsonl"), "0.1.0", DateTimeOffset.UtcNow);

        // 5,000 records: the real ones, renamed, each about a package of its own.
        _largeDatabase = Path.Combine(_root, "large");
        Directory.CreateDirectory(_largeDatabase);
        var templates = Directory.GetFiles(realAdvisories, "*.json").Select(File.ReadAllText).ToArray();
        for (var i = 0; i < 5000; i++)
        {
            var text = templates[i % templates.Length].Replace("\"ecosystem\": \"NuGet\",\n        \"name\": \"", "\"ecosystem\": \"NuGet\",\n        \"name\": \"Bench" + i + ".");
            File.WriteAllText(Path.Combine(_largeDatabase, $"GHSA-{i:0000}.json"), text);
        }

        _evaluator = new LicenseExpressionEvaluator(
            new[] { "MIT", "Apache-2.0", "BSD-3-Clause", "GPL-2.0-only WITH Classpath-exception-2.0" }.Select(LicenseExpressionParser.Parse),
            new[] { "GPL-3.0-only", "AGPL-3.0-only" }.Select(LicenseExpressionParser.Parse));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Description = "Whole gate, sample web app (12 packages, 24 advisories)")]
    public object WholeGate() => PolicyGate.Run(_gate);

    [Benchmark(Description = "Read 5,000 OSV records")]
    public int ReadLargeAdvisoryDatabase() => OsvDatabaseReader.ReadFolder(_largeDatabase).Advisories.Count;

    [Benchmark(Description = "5,000 OSV records, unchanged since the last build (cache)")]
    public int ReadLargeAdvisoryDatabaseCached() => OsvDatabaseCache.Get(_largeDatabase).Advisories.Count;

    [Benchmark(Description = "Parse the sample policy")]
    public object ParsePolicy() => PolicyFileParser.Parse("pipeline-security.json", _policyBytes);

    [Benchmark(Description = "Parse + evaluate a licence expression")]
    public int EvaluateLicense() => (int)_evaluator.Evaluate(LicenseExpressionParser.Parse("(MIT AND GPL-3.0-only) OR (Apache-2.0 AND BSD-3-Clause) OR GPL-2.0-only WITH Classpath-exception-2.0"));
}
