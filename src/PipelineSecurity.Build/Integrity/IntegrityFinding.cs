namespace PipelineSecurity.Build.Integrity;

/// <summary>One coded problem with one package (or with the lock file), ready to be logged as an MSBuild error or warning.</summary>
public sealed record IntegrityFinding(string Code, bool IsError, string Message, string? File, string? PackageId = null, string? PackageVersion = null, int Line = 0)
{
    public static IntegrityFinding Error(string code, string message, string? file, string? id = null, string? version = null, int line = 0) =>
        new(code, IsError: true, message, file, id, version, line);

    public static IntegrityFinding Warning(string code, string message, string? file, string? id = null, string? version = null, int line = 0) =>
        new(code, IsError: false, message, file, id, version, line);
}
