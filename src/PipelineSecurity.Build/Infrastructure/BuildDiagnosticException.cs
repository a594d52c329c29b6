using System;

namespace PipelineSecurity.Build.Infrastructure;

/// <summary>
/// A failure the user can act on: it carries the diagnostic code, the file at fault and a message that says what to do.
/// Thrown by the MSBuild-free logic and turned into one MSBuild error by <see cref="PipelineSecurityTask"/>.
/// </summary>
public class BuildDiagnosticException : Exception
{
    public BuildDiagnosticException(string code, string message, string? file = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        File = file;
    }

    public string Code { get; }

    public string? File { get; }
}
