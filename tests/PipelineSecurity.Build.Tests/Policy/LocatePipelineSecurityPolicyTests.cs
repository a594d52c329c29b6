using System.IO;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy;

public sealed class LocatePipelineSecurityPolicyTests
{
    [Fact]
    public void A_directory_named_like_the_policy_above_the_project_is_PSF0010()
    {
        using var temp = new TemporaryDirectory();
        Directory.CreateDirectory(temp.Combine("pipeline-security.json"));
        var project = Directory.CreateDirectory(temp.Combine("src", "App")).FullName;

        var error = Assert.Single(Run(project).Errors);

        Assert.Equal(BuildDiagnosticIds.InputNotRegularFile, error.Code);
        Assert.Equal(temp.Combine("pipeline-security.json"), error.File);
    }

    [Fact]
    public void A_dangling_link_named_like_the_policy_is_PSF0011()
    {
        using var temp = new TemporaryDirectory();
        HostileFiles.MakeSymbolicLink(temp.Combine("pipeline-security.json"), temp.Combine("policies", "main.json"));

        Assert.Equal(BuildDiagnosticIds.InputLinkBroken, Assert.Single(Run(temp.Path).Errors).Code);
    }

    [Fact]
    public void No_entry_of_that_name_is_no_policy_and_no_error()
    {
        using var temp = new TemporaryDirectory();
        var project = Directory.CreateDirectory(temp.Combine("App")).FullName;

        Assert.Empty(Run(project).Errors);
    }

    private static RecordingBuildEngine Run(string projectDirectory)
    {
        var engine = new RecordingBuildEngine();
        new LocatePipelineSecurityPolicy { BuildEngine = engine, ProjectDirectory = projectDirectory }.Execute();
        return engine;
    }
}
