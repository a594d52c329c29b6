using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using PipelineSecurity.EndToEnd.Tests.Infrastructure;
using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.EndToEnd.Tests;

/// <summary>
/// No-op builds in real consumer builds: the shared verdict store under two concurrent multi-project builds, a tamper
/// that restores the file's modification time, and the policy gate skipping unchanged inputs until the date moves on.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class NoOpBuildTests
{
    private static readonly Regex FilesHashed = new(@"PipelineSecurity: verified \d+ packages \(.*?; (\d+) files hashed\)");
    private readonly PackageFixture _package;

    public NoOpBuildTests(PackageFixture package) => _package = package;

    [Fact]
    public async Task Two_concurrent_multi_project_checks_share_one_valid_store_and_an_edit_with_its_time_restored_fails_the_next_build()
    {
        using var first = Solution(projects: 10);
        using var second = Solution(projects: 10);
        // One packages folder of the test's own for both solutions (the test tampers with it), so they share one store.
        var packages = first.PathOf("packages");
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };
        CommandResult Run(ConsumerWorkspace solution, string command, params string[] arguments) =>
            solution.Run(command, "All.slnx", arguments, environment);
        CommandResult CheckIntegrity(ConsumerWorkspace solution) =>
            Run(solution, "msbuild", "-t:PipelineSecurityVerifyPackageIntegrity", "-m", "-v:n");

        var restoreFirst = Run(first, "restore");
        Assert.True(restoreFirst.ExitCode == 0, restoreFirst.ToString());
        var restoreSecond = Run(second, "restore");
        Assert.True(restoreSecond.ExitCode == 0, restoreSecond.ToString());
        // Files younger than the settle margin are hashed every time; a real build comes later than its restore.
        await Task.Delay(2500);

        // Both solutions' integrity checks at once, every project in parallel (-m): the part of a build that uses the store.
        // (The compilations around it would only make the test slower on CI's two cores.)
        var checks = await Task.WhenAll(new[] { first, second }.Select(s => Task.Run(() => CheckIntegrity(s))));
        foreach (var check in checks)
        {
            Assert.True(check.ExitCode == 0, check.ToString());
            Assert.Equal(10, FilesHashed.Matches(check.Output).Count);
        }

        var store = Path.Combine(packages, ".pipeline-security", "verdicts");
        // The store holds a verdict record and a listing (the folder's entries, for the next no-op check) per package
        // folder, each whole, and nothing else (no temporary file left by the concurrent writers).
        var records = Directory.GetFiles(store).Where(f => !f.EndsWith(".listing", StringComparison.Ordinal)).ToArray();
        Assert.Contains(records, r => Path.GetFileName(r).StartsWith("newtonsoft.json.13.0.3.", StringComparison.Ordinal));
        Assert.All(records, record =>
        {
            Assert.EndsWith(".json", record);
            using var document = JsonDocument.Parse(File.ReadAllBytes(record));
            Assert.Equal("PipelineSecurity.IntegrityVerdict/2", document.RootElement.GetProperty("format").GetString());
        });
        var listings = Directory.GetFiles(store, "*.listing");
        Assert.Equal(records.Length, listings.Length);
        Assert.All(listings, listing =>
        {
            var lines = File.ReadAllText(listing).Split('\n');
            Assert.Equal("PipelineSecurity.PackageFolderListing/1", lines[0]);
            Assert.True(Directory.Exists(lines[1]), lines[1]);
            Assert.Equal(new[] { "end", "" }, lines[^2..]);
        });

        // Nothing changed: every project's check reads stamps and hashes nothing.
        var noOp = CheckIntegrity(first);
        Assert.True(noOp.ExitCode == 0, noOp.ToString());
        var counts = FilesHashed.Matches(noOp.Output).Select(m => int.Parse(m.Groups[1].Value)).ToArray();
        Assert.Equal(10, counts.Length);
        Assert.All(counts, count => Assert.Equal(0, count));
        // ... and, nothing having moved since the first check, each project replays its snapshot instead of parsing the restore.
        // (The time reads the same from every MSBuild node: yyyy-MM-dd HH:mm:ss.)
        Assert.Equal(10, Regex.Matches(noOp.Output, @"PipelineSecurity: verified \d+ packages \(unchanged, with the restore and nuget\.config, since this project's check of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC; 0 files hashed\)").Count);

        // Change one byte of a dll the build uses, then give it back its times as `touch -r` does.
        var dll = Path.Combine(packages, "newtonsoft.json", "13.0.3", "lib", "net6.0", "Newtonsoft.Json.dll");
        var reference = first.PathOf("reference.dll");
        File.Copy(dll, reference);
        File.SetLastWriteTimeUtc(reference, File.GetLastWriteTimeUtc(dll));
        var bytes = File.ReadAllBytes(dll);
        bytes[bytes.Length / 2] ^= 0x20;
        File.WriteAllBytes(dll, bytes);
        using (var touch = System.Diagnostics.Process.Start("touch", new[] { "-r", reference, dll }))
        {
            touch.WaitForExit();
            Assert.Equal(0, touch.ExitCode);
        }

        Assert.Equal(File.GetLastWriteTimeUtc(reference), File.GetLastWriteTimeUtc(dll));

        var tampered = first.Run("build", "Library00/Library00.csproj", new[] { "--no-restore" }, environment);

        Assert.NotEqual(0, tampered.ExitCode);
        Assert.Matches(new Regex(@"Newtonsoft\.Json\.dll(\(\d+,\d+\))?\s*: error PSF5011: Package Newtonsoft\.Json 13\.0\.3 was modified in the packages folder after restore"), tampered.Output);
    }

    [Fact]
    public void The_policy_gate_skips_an_unchanged_build_and_runs_again_when_the_date_passes_an_exception()
    {
        // The fixture pins "today" to PackageFixture.Today (2026-12-01); the exception lasts one more day.
        using var consumer = ConsumerUsingNewtonsoft(policy: """
            {
              "version": 1,
              "mode": "enforce",
              "packages": { "denied": [ { "id": "Newtonsoft.Json", "reason": "use System.Text.Json" } ] },
              "exceptions": [
                { "package": "Newtonsoft.Json", "rule": "PSF6002", "justification": "migration planned", "owner": "team-a", "expires": "2026-12-02" }
              ]
            }
            """);
        var auditLog = consumer.PathOf("Consumer", "bin", "Debug", "net10.0", "pipeline-security", "policy-audit.jsonl");

        var excused = consumer.Build("Consumer/Consumer.csproj");
        Assert.True(excused.ExitCode == 0, excused.ToString());
        Assert.Contains("PipelineSecurity policy (enforce)", excused.Output);
        var written = File.ReadAllBytes(auditLog);
        var writtenAt = File.GetLastWriteTimeUtc(auditLog);

        var unchanged = consumer.Build("Consumer/Consumer.csproj");
        Assert.True(unchanged.ExitCode == 0, unchanged.ToString());
        Assert.DoesNotContain("PipelineSecurity policy (enforce)", unchanged.Output);
        Assert.Equal(written, File.ReadAllBytes(auditLog));
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(auditLog));

        // Nothing but the date changed: the first build after the expiry runs the gate, which fails, and so does the next.
        foreach (var attempt in new[] { 1, 2 })
        {
            var expired = consumer.Build("Consumer/Consumer.csproj", "-p:PipelineSecurityPolicyToday=2026-12-03");
            Assert.True(expired.ExitCode != 0, $"attempt {attempt}: " + expired);
            Assert.Matches(new Regex(@"pipeline-security\.json\(\d+,\d+\): error PSF6007: "), expired.Output);
        }

        // A real run rewrites the audit log.
        Assert.NotEqual(written, File.ReadAllBytes(auditLog));
    }

    [Fact]
    public void The_policy_gate_runs_again_when_a_source_file_is_added()
    {
        // A developer's audit-mode build writes no compiler log: only the gate's stamp (a digest of the source paths) can
        // tell it that the project's files changed (a path exception may concern the new one).
        using var consumer = ConsumerUsingNewtonsoft(policy: """{ "version": 1, "mode": "audit", "licenses": { "allowed": [ "MIT" ] } }""");

        var first = consumer.Build("Consumer/Consumer.csproj");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("PipelineSecurity policy (audit)", first.Output);
        var unchanged = consumer.Build("Consumer/Consumer.csproj");
        Assert.True(unchanged.ExitCode == 0, unchanged.ToString());
        Assert.DoesNotContain("PipelineSecurity policy (audit)", unchanged.Output);

        consumer.WriteFile("Consumer/Extra.cs", "namespace Consumer;\n\ninternal static class Extra\n{\n}\n");
        var added = consumer.Build("Consumer/Consumer.csproj");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains("PipelineSecurity policy (audit)", added.Output);
    }

    [Fact]
    public void Without_a_policy_an_unchanged_build_leaves_the_upload_sarif_alone_and_one_deleted_is_written_again()
    {
        // Most projects have no policy file: there the upload SARIF is written by a target that runs on every build.
        using var consumer = ConsumerWorkspace.UsingNewtonsoft(_package);
        var sarif = consumer.PathOf("Consumer", "bin", "Debug", "net10.0", "pipeline-security", "pipeline-security.sarif");

        var first = consumer.Build("Consumer/Consumer.csproj");
        Assert.True(first.ExitCode == 0, first.ToString());
        var writtenAt = File.GetLastWriteTimeUtc(sarif);

        var unchanged = consumer.Build("Consumer/Consumer.csproj");
        Assert.True(unchanged.ExitCode == 0, unchanged.ToString());
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(sarif)); // not even touched

        File.Delete(sarif);
        var deleted = consumer.Build("Consumer/Consumer.csproj");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Contains("\"version\": \"2.1.0\"", File.ReadAllText(sarif));
    }

    [Fact]
    public void Clean_removes_every_output_and_the_next_build_writes_them_again()
    {
        using var consumer = ConsumerUsingNewtonsoft(policy: """{ "version": 1, "mode": "audit", "licenses": { "allowed": [ "MIT" ] } }""");
        var outputs = new[] { "sbom.cdx.json", "packages.json", "policy.sarif", "policy-audit.jsonl" }
            .Select(name => consumer.PathOf("Consumer", "bin", "Debug", "net10.0", "pipeline-security", name)).ToArray();

        var first = consumer.Build("Consumer/Consumer.csproj");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.All(outputs, output => Assert.True(File.Exists(output), output));

        var clean = consumer.Run("clean", "Consumer/Consumer.csproj", Array.Empty<string>());
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.All(outputs, output => Assert.False(File.Exists(output), output + " survived Clean"));

        var rebuilt = consumer.Build("Consumer/Consumer.csproj");
        Assert.True(rebuilt.ExitCode == 0, rebuilt.ToString());
        Assert.Contains("PipelineSecurity policy (audit)", rebuilt.Output);
        Assert.All(outputs, output => Assert.True(File.Exists(output), output + " not written again"));
        JsonSchemaValidator.CycloneDx16.AssertValid(File.ReadAllText(outputs[0]));
    }

    /// <summary>One project referencing the package and Newtonsoft.Json (and using it), under <paramref name="policy"/>.</summary>
    private ConsumerWorkspace ConsumerUsingNewtonsoft(string policy)
    {
        var consumer = ConsumerWorkspace.UsingNewtonsoft(_package);
        consumer.WriteFile("pipeline-security.json", policy);
        return consumer;
    }

    /// <summary>A solution of <paramref name="projects"/> small libraries, each referencing the package and Newtonsoft.Json.</summary>
    private ConsumerWorkspace Solution(int projects)
    {
        var solution = ConsumerWorkspace.Empty(_package);
        solution.WriteFile("Directory.Build.props", $"""
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{PackageFixture.PackageId}" Version="{_package.Version}" PrivateAssets="all" />
                <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
              </ItemGroup>
            </Project>
            """);
        var entries = new StringBuilder("<Solution>\n");
        for (var i = 0; i < projects; i++)
        {
            var name = $"Library{i:00}";
            solution.WriteFile($"{name}/{name}.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
            solution.WriteFile($"{name}/Uses.cs", $"namespace {name}; public static class Uses {{ public static string Json() => Newtonsoft.Json.JsonConvert.SerializeObject({i}); }}\n");
            entries.Append($"  <Project Path=\"{name}/{name}.csproj\" />\n");
        }

        solution.WriteFile("All.slnx", entries.Append("</Solution>\n").ToString());
        return solution;
    }
}
