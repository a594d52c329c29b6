using System.Collections;
using Microsoft.Build.Framework;

namespace PipelineSecurity.Build.Tests.Infrastructure;

/// <summary>
/// A build engine that cannot keep objects for the build (only <see cref="IBuildEngine"/>, as old or custom hosts): tasks
/// share nothing through it. What they log goes to <paramref name="inner"/>.
/// </summary>
internal sealed class EngineWithoutTaskObjects : IBuildEngine
{
    private readonly RecordingBuildEngine inner;

    public EngineWithoutTaskObjects(RecordingBuildEngine inner) => this.inner = inner;

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => "test.csproj";

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => true;

    public void LogCustomEvent(CustomBuildEventArgs e) => inner.LogCustomEvent(e);

    public void LogErrorEvent(BuildErrorEventArgs e) => inner.LogErrorEvent(e);

    public void LogMessageEvent(BuildMessageEventArgs e) => inner.LogMessageEvent(e);

    public void LogWarningEvent(BuildWarningEventArgs e) => inner.LogWarningEvent(e);
}
