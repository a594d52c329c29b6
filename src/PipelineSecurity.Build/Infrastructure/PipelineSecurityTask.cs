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
            LogError(
                BuildDiagnosticIds.InternalError,
                $"{GetType().Name} failed unexpectedly ({unexpected.GetType().Name}: {unexpected.Message}). Please report this with the build log.",
                file: null);
        }

        return !Log.HasLoggedErrors;
    }

    protected abstract void ExecuteCore();

    protected void LogError(string code, string message, string? file, int line = 0, int column = 0) =>
        Log.LogError(null, code, null, BuildDiagnosticIds.HelpLink(code), file, line, column, 0, 0, message);

    protected void LogWarning(string code, string message, string? file, int line = 0, int column = 0) =>
        Log.LogWarning(null, code, null, BuildDiagnosticIds.HelpLink(code), file, line, column, 0, 0, message);
}
