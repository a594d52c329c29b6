using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Integrity;

/// <summary>One coded problem with one package (or with the lock file), ready to be logged as an MSBuild error or warning.</summary>
internal sealed record IntegrityFinding(string Code, bool IsError, string Message, string? File, string? PackageId = null, string? PackageVersion = null, int Line = 0)
{
    /// <summary>A finding for <paramref name="descriptor"/> at its default severity, the message formatted from its format.</summary>
    public static IntegrityFinding Create(BuildDiagnosticDescriptor descriptor, string? file, string? id, string? version, params object?[] arguments) =>
        AtLine(descriptor, file, 0, id, version, arguments);

    /// <summary>As <see cref="Create"/>, at a 1-based line of <paramref name="file"/>.</summary>
    public static IntegrityFinding AtLine(BuildDiagnosticDescriptor descriptor, string? file, int line, string? id, string? version, params object?[] arguments) =>
        new(descriptor.Id, descriptor.DefaultSeverity == BuildDiagnosticSeverity.Error, descriptor.FormatMessage(arguments), file, id, version, line);

    /// <summary>A coded failure reported as a finding instead of stopping the task.</summary>
    public static IntegrityFinding From(BuildDiagnosticException failure, string? file) =>
        new(failure.Code, failure.Descriptor.DefaultSeverity == BuildDiagnosticSeverity.Error, failure.Message, file);
}
