using System.Collections;
using System.Collections.Generic;
using Microsoft.Build.Framework;

namespace PipelineSecurity.Build.Tests.Infrastructure;

/// <summary>
/// A minimal build engine that records what a task logs, with codes and locations, and holds registered task objects
/// per lifetime as MSBuild does (<see cref="IBuildEngine4"/>), so tasks sharing one engine share them like one build.
/// </summary>
internal sealed class RecordingBuildEngine : IBuildEngine4
{
    private readonly Dictionary<(object Key, RegisteredTaskObjectLifetime Lifetime), object> registered = new();

    public List<BuildErrorEventArgs> Errors { get; } = new();

    public List<BuildWarningEventArgs> Warnings { get; } = new();

    public List<BuildMessageEventArgs> Messages { get; } = new();

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => "test.csproj";

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => true;

    public void LogCustomEvent(CustomBuildEventArgs e)
    {
    }

    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

    public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);

    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);

    public bool IsRunningMultipleNodes => false;

    public int RegisteredObjectCount => registered.Count;

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion) => true;

    public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) => true;

    public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) =>
        new(true, new List<IDictionary<string, ITaskItem[]>>());

    public void Yield()
    {
    }

    public void Reacquire()
    {
    }

    public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection) => registered[(key, lifetime)] = obj;

    public object? GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => registered.TryGetValue((key, lifetime), out var obj) ? obj : null;

    public object? UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime)
    {
        registered.Remove((key, lifetime), out var obj);
        return obj;
    }
}
