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
}
