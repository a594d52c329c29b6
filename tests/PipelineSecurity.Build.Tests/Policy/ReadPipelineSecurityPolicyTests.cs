using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy;

public sealed class ReadPipelineSecurityPolicyTests
{
    [Fact]
    public void Hands_the_integrity_and_sbom_requirements_to_msbuild()
    {
        using var temp = new TemporaryDirectory();
        var fingerprint = new string('a', 64);
        var path = PolicyTestFiles.WritePolicy(temp, $$"""
            { "version": 1, "mode": "enforce",
              "signatures": { "required": "repository", "trustedAuthors": ["{{fingerprint}}", "{{new string('B', 64)}}"], "trustedRepositories": ["{{new string('c', 64)}}", "https://api.example.test/v3/index.json|contoso, fabrikam"] },
              "lockFile": { "required": true }, "sbom": { "enabled": false } }
            """);
        var task = new ReadPipelineSecurityPolicy { BuildEngine = new RecordingBuildEngine(), PolicyFile = path };

        Assert.True(task.Execute());
        Assert.Equal("enforce", task.Mode);
        Assert.Equal("repository", task.RequiredSignature);
        Assert.Equal(new string('A', 64) + ";" + new string('B', 64), task.TrustedAuthors);
        Assert.Equal(new string('C', 64) + ";https://api.example.test/v3/index.json|contoso,fabrikam", task.TrustedRepositories);
        Assert.Equal("true", task.RequireLockFile);
        Assert.Equal("false", task.SbomEnabled);
    }

    [Fact]
    public void Leaves_unset_requirements_empty_so_the_project_defaults_apply()
    {
        using var temp = new TemporaryDirectory();
        var task = new ReadPipelineSecurityPolicy { BuildEngine = new RecordingBuildEngine(), PolicyFile = PolicyTestFiles.WritePolicy(temp, "{ \"version\": 1 }") };

        Assert.True(task.Execute());
        Assert.Equal("audit", task.Mode);
        Assert.Equal("", task.RequiredSignature);
        Assert.Equal("", task.TrustedAuthors);
        Assert.Equal("", task.RequireLockFile);
        Assert.Equal("", task.SbomEnabled);
    }

    [Fact]
    public void A_missing_policy_file_is_a_coded_error()
    {
        using var temp = new TemporaryDirectory();
        var engine = new RecordingBuildEngine();
        var task = new ReadPipelineSecurityPolicy { BuildEngine = engine, PolicyFile = temp.Combine("pipeline-security.json") };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(BuildDiagnosticIds.PolicyFileInvalid, error.Code);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void An_unchanged_policy_is_not_parsed_again_and_an_edit_is_read()
    {
        using var temp = new TemporaryDirectory();
        var path = PolicyTestFiles.WritePolicy(temp, """{ "version": 1, "mode": "enforce", "lockFile": { "required": true } }""");
        var cache = temp.Combine("obj", "policy.read");
        var later = System.DateTime.UtcNow + System.TimeSpan.FromSeconds(5);
        ReadPipelineSecurityPolicy Read(RecordingBuildEngine engine) =>
            new() { BuildEngine = engine, PolicyFile = path, CacheFile = cache, NowUtc = later };

        var firstEngine = new RecordingBuildEngine();
        var first = Read(firstEngine);
        Assert.True(first.Execute());
        var secondEngine = new RecordingBuildEngine();
        var second = Read(secondEngine);
        Assert.True(second.Execute());

        Assert.Contains(firstEngine.Messages, m => m.Message!.Contains(" read (mode enforce"));
        Assert.Contains(secondEngine.Messages, m => m.Message!.Contains("unchanged since it was last read"));
        Assert.Equal(("enforce", "true"), (second.Mode, second.RequireLockFile));

        // Same length, same modification time: the change stamp still tells.
        var written = System.IO.File.GetLastWriteTimeUtc(path);
        System.IO.File.WriteAllText(path, System.IO.File.ReadAllText(path).Replace("\"enforce\"", "\"audit\"  "));
        System.IO.File.SetLastWriteTimeUtc(path, written);
        var third = Read(new RecordingBuildEngine());
        Assert.True(third.Execute());
        Assert.Equal("audit", third.Mode);
    }

    [Fact]
    public void An_invalid_policy_fails_every_time_and_a_damaged_cache_is_ignored()
    {
        using var temp = new TemporaryDirectory();
        var path = PolicyTestFiles.WritePolicy(temp, """{ "version": 1, "mode": "sometimes" }""");
        var cache = temp.Combine("obj", "policy.read");
        var later = System.DateTime.UtcNow + System.TimeSpan.FromSeconds(5);

        for (var run = 0; run < 2; run++)
        {
            var engine = new RecordingBuildEngine();
            Assert.False(new ReadPipelineSecurityPolicy { BuildEngine = engine, PolicyFile = path, CacheFile = cache, NowUtc = later }.Execute());
            Assert.Equal(BuildDiagnosticIds.PolicyFileInvalid, Assert.Single(engine.Errors).Code);
        }

        System.IO.File.WriteAllText(path, """{ "version": 1, "mode": "enforce" }""");
        later = System.DateTime.UtcNow + System.TimeSpan.FromSeconds(5);
        Assert.True(new ReadPipelineSecurityPolicy { BuildEngine = new RecordingBuildEngine(), PolicyFile = path, CacheFile = cache, NowUtc = later }.Execute());
        System.IO.File.WriteAllText(cache, System.IO.File.ReadAllText(cache).Replace('A', '*'));
        var damaged = new ReadPipelineSecurityPolicy { BuildEngine = new RecordingBuildEngine(), PolicyFile = path, CacheFile = cache, NowUtc = later };
        Assert.True(damaged.Execute());
        Assert.Equal("enforce", damaged.Mode);
    }
}
