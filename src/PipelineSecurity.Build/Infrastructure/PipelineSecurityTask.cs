using System;
using Microsoft.Build.Utilities;

namespace PipelineSecurity.Build.Infrastructure;

/// <summary>
/// Base of every task: runs <see cref="ExecuteCore"/>, turns a <see cref="BuildDiagnosticException"/> into one coded error,
/// and any other exception into <see cref="BuildDiagnosticIds.InternalError"/> instead of MSBuild's stack-trace crash.
/// </summary>
public abstract class PipelineSecurityTask : Task
{
    /// <summary>
    /// "Property=value;…" of the input limits the build set (docs/limits.md); empty values keep the defaults. Every
    /// target passes $(_PipelineSecurityInputLimits).
    /// </summary>
    public string InputLimits { get; set; } = "";

    public sealed override bool Execute()
    {
        try
        {
            using (Infrastructure.InputLimits.Parse(InputLimits).Apply())
            {
                ExecuteCore();
            }
        }
        catch (BuildDiagnosticException failure)
        {
            LogError(failure.Code, failure.Message, failure.File);
        }
        catch (Exception unexpected) when (unexpected is not OutOfMemoryException)
        {
            LogError(BuildDiagnosticIds.InternalError, BuildDiagnostics.InternalError.FormatMessage(GetType().Name, unexpected.GetType().Name, unexpected.Message), file: null);
        }

        return !Log.HasLoggedErrors;
    }

    protected abstract void ExecuteCore();

    protected void LogError(string code, string message, string? file, int line = 0, int column = 0) =>
        Log.LogError(null, code, null, BuildDiagnostics.Get(code).HelpLink, file, line, column, 0, 0, message);

    protected void LogWarning(string code, string message, string? file, int line = 0, int column = 0) =>
        Log.LogWarning(null, code, null, BuildDiagnostics.Get(code).HelpLink, file, line, column, 0, 0, message);
}
