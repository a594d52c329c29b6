using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace PipelineSecurity.Build.Infrastructure;

/// <summary>
/// The small files the tasks keep to save work on the next build (a project's integrity snapshot and policy read, the CI
/// definitions' check result): read whole through <see cref="InputFile"/> (a regular file only, capped, opened without
/// blocking) or not at all, and written whole or not at all. A failure either way only means "no cache": the work is
/// done again.
/// </summary>
internal static class WorkCache
{
    private static readonly string CodeVersion = Hex.Lower(typeof(WorkCache).Assembly.ManifestModule.ModuleVersionId.ToByteArray());

    /// <summary>A digest of this build of the tasks and of <paramref name="parts"/>: what a cached result is valid for.</summary>
    public static string Key(params object?[] parts)
    {
        var text = CodeVersion + "\n" + string.Join("\n", parts);
        using var sha = SHA256.Create();
        return Hex.Lower(new ArraySegment<byte>(sha.ComputeHash(Encoding.UTF8.GetBytes(text)), 0, 24));
    }

    /// <summary>The cache's text, or null when it is missing, not a regular file, over its cap or unreadable.</summary>
    public static string? TryReadText(string path)
    {
        try
        {
            if (FileSystemEntry.Of(path) != FileSystemEntryType.RegularFile)
            {
                return null;
            }

            var bytes = InputFile.ReadAllBytesOnThisThread(path, InputKind.VerdictStore);
            return Encoding.UTF8.GetString(bytes);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or BuildDiagnosticException)
        {
            return null;
        }
    }

    /// <summary>Removes the cache, so that the next build does the work; one that cannot be removed is left (its key no longer matches).</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            // Nothing to do: the cache only saves work.
        }
    }

    /// <summary>Writes the cache through a temporary file and a rename; false when it cannot be written.</summary>
    public static bool TryWrite(string path, string text)
    {
        try
        {
            OutputFile.WriteIfChanged(path, Encoding.UTF8.GetBytes(text));
            return true;
        }
        catch (BuildDiagnosticException)
        {
            return false;
        }
    }
}
