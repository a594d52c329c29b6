using PipelineSecurity.Tests.Shared;

namespace PipelineSecurity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The sample app, copied and built once per run with the packed package (a plain `dotnet build` of the app, as a user
/// runs it). Tests that only read what this build printed and wrote share it instead of building the sample again; a
/// test that changes files or builds again makes its own copy with <see cref="ConsumerWorkspace.CopyOfSample"/>.
/// </summary>
public sealed class BuiltSample
{
    public const string App = "ContosoShop/ContosoShop.csproj";

    private BuiltSample(ConsumerWorkspace workspace, CommandResult build)
    {
        Workspace = workspace;
        Build = build;
    }

    /// <summary>The built copy of samples/ (read only: deleted with the run's folder).</summary>
    public ConsumerWorkspace Workspace { get; }

    /// <summary>What the build printed and how it ended.</summary>
    public CommandResult Build { get; }

    internal static BuiltSample Create(PackageFixture package)
    {
        var workspace = ConsumerWorkspace.CopyOfSample(package);
        return new BuiltSample(workspace, workspace.Build(App));
    }

    public void Deconstruct(out ConsumerWorkspace workspace, out CommandResult build)
    {
        workspace = Workspace;
        build = Build;
    }
}
