using System.IO;
using System.Linq;
using Microsoft.Build.Utilities;
using PipelineSecurity.Build.CodeScanning;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.CodeScanning;

/// <summary>The task of projects without a policy: bad inputs are coded diagnostics, never a crash.</summary>
public sealed class WritePipelineSecuritySarifTests
{
    private static (WritePipelineSecuritySarif Task, RecordingBuildEngine Engine) Create(TemporaryDirectory folder, string errorLog)
    {
        File.WriteAllText(folder.Combine("App.csproj"), "<Project />");
        var engine = new RecordingBuildEngine();
        var task = new WritePipelineSecuritySarif
        {
            BuildEngine = engine,
            ProjectName = "App",
            ProjectFile = folder.Combine("App.csproj"),
            ErrorLog = errorLog,
            SarifFile = folder.Combine("bin", "pipeline-security.sarif"),
            SourceRoot = folder.Path,
            BaselineFile = folder.Combine("pipeline-security.baseline.json"),
            Findings = new[]
            {
                new TaskItem("PSF7001", new System.Collections.Generic.Dictionary<string, string>
                {
                    ["Message"] = "Workflow step uses an action by tag", ["File"] = folder.Combine(".github", "workflows", "ci.yml"), ["Line"] = "12", ["Column"] = "9",
                    ["Level"] = "error", ["FingerprintText"] = "uses: actions/checkout@v4",
                }),
            },
        };
        return (task, engine);
    }

    [Fact]
    public void Findings_of_other_sources_reach_the_sarif_file_through_the_same_model()
    {
        using var folder = new TemporaryDirectory();
        var (task, engine) = Create(folder, folder.Combine("missing.sarif"));

        Assert.True(task.Execute());

        Assert.Empty(engine.Errors);
        var sarif = File.ReadAllText(folder.Combine("bin", "pipeline-security.sarif"));
        Assert.Contains("\"uri\": \".github/workflows/ci.yml\"", sarif);
        Assert.Contains("\"source\": \"pipeline\"", sarif);
    }

    [Fact]
    public void A_damaged_compiler_log_is_a_warning_and_a_damaged_baseline_an_error()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(folder.Combine("log.sarif"), "{ not json");
        File.WriteAllText(folder.Combine("pipeline-security.baseline.json"), "[]");
        var (task, engine) = Create(folder, folder.Combine("log.sarif"));

        Assert.False(task.Execute());

        Assert.Equal("PSF6010", Assert.Single(engine.Warnings).Code);
        var error = Assert.Single(engine.Errors);
        Assert.Equal("PSF6020", error.Code);
        Assert.Equal(folder.Combine("pipeline-security.baseline.json"), error.File);
        Assert.EndsWith("docs/rules/PSF6020.md", error.HelpLink);
        Assert.True(File.Exists(folder.Combine("bin", "pipeline-security.sarif")));
    }
}
