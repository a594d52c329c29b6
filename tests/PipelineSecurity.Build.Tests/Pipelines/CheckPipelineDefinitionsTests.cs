using System.IO;
using System.Linq;
using PipelineSecurity.Build.Pipelines;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

/// <summary>The task: findings logged with code, file(line,col) and help link by the owner; nothing by the others.</summary>
public sealed class CheckPipelineDefinitionsTests
{
    [Fact]
    public void The_owner_logs_each_finding_with_its_location_and_help_link_and_another_project_logs_nothing()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/ci.yml", "on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: contoso/setup@v1\n");
        using var state = new TemporaryDirectory();
        var first = repo.With("src/A/A.csproj", "<Project />").Root + "/src/A/A.csproj";
        var second = repo.With("src/B/B.csproj", "<Project />").Root + "/src/B/B.csproj";
        var solution = repo.With("app.sln", string.Empty).Root + "/app.sln";

        var (ownerEngine, ok1) = Run(first, solution, state.Path);
        var (otherEngine, ok2) = Run(second, solution, state.Path);

        Assert.True(ok1 && ok2);
        var warning = Assert.Single(ownerEngine.Warnings);
        Assert.Equal(("PSF7001", 7, 15), (warning.Code, warning.LineNumber, warning.ColumnNumber));
        Assert.Equal(Path.Combine(repo.Root, ".github", "workflows", "ci.yml"), warning.File);
        Assert.EndsWith("(https://github.com/pipeline-security/PipelineSecurity.Analyzers/blob/main/docs/rules/PSF7001.md)", warning.Message);
        Assert.Empty(otherEngine.Warnings);
        Assert.Empty(ownerEngine.Errors.Concat(otherEngine.Errors));
    }

    [Fact]
    public void The_owner_hands_its_findings_to_the_code_scanning_sarif_as_items_and_another_project_hands_none()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/ci.yml", "on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: contoso/setup@v1\n");
        using var state = new TemporaryDirectory();
        var first = repo.With("src/A/A.csproj", "<Project />").Root + "/src/A/A.csproj";
        var second = repo.With("src/B/B.csproj", "<Project />").Root + "/src/B/B.csproj";
        var solution = repo.With("app.sln", string.Empty).Root + "/app.sln";

        var owner = Task(first, solution, state.Path);
        var other = Task(second, solution, state.Path);
        Assert.True(owner.Execute() && other.Execute());

        var item = Assert.Single(owner.Findings);
        Assert.Equal("PSF7001", item.ItemSpec);
        Assert.Equal(Path.Combine(repo.Root, ".github", "workflows", "ci.yml"), item.GetMetadata("File"));
        Assert.Equal(("7", "15", "warning"), (item.GetMetadata("Line"), item.GetMetadata("Column"), item.GetMetadata("Level")));
        Assert.Contains("contoso/setup@v1", item.GetMetadata("Message"));
        Assert.DoesNotContain("docs/rules", item.GetMetadata("Message")); // the SARIF carries the help link in its rule
        Assert.StartsWith(".github/workflows/ci.yml|", item.GetMetadata("FingerprintText"));
        Assert.Empty(other.Findings);
    }

    private static CheckPipelineDefinitions Task(string project, string solution, string state) =>
        new() { BuildEngine = new RecordingBuildEngine(), ProjectFile = project, TargetFramework = "net8.0", SolutionPath = solution, StateDirectory = state };

    private static (RecordingBuildEngine Engine, bool Result) Run(string project, string solution, string state)
    {
        var engine = new RecordingBuildEngine();
        var task = new CheckPipelineDefinitions { BuildEngine = engine, ProjectFile = project, TargetFramework = "net8.0", SolutionPath = solution, StateDirectory = state };
        return (engine, task.Execute());
    }
}
