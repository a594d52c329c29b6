using System;

namespace PipelineSecurity.Build.Infrastructure;

/// <summary>
/// A failure the user can act on: it carries the diagnostic code, the file at fault and a message that says what to do.
/// Thrown by the MSBuild-free logic and turned into one MSBuild error by <see cref="PipelineSecurityTask"/>.
/// Made only through <see cref="BuildDiagnosticDescriptor.Failure(string?, object?[])"/>, so every code is in the catalogue.
/// </summary>
internal class BuildDiagnosticException : Exception
{
    internal BuildDiagnosticException(BuildDiagnosticDescriptor descriptor, string message, string? file, Exception? inner)
        : base(message, inner)
    {
        Descriptor = descriptor;
        File = file;
    }

    public BuildDiagnosticDescriptor Descriptor { get; }

    public string Code => Descriptor.Id;

    public string? File { get; }
}
