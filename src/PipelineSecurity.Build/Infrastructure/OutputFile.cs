using System;
using System.IO;

namespace PipelineSecurity.Build.Infrastructure;

/// <summary>Writes outputs whole or not at all, and leaves an unchanged file's content alone.</summary>
public static class OutputFile
{
    /// <summary>
    /// Writes <paramref name="content"/> through a temporary file in the same folder and a rename, so a failure never
    /// leaves a half-written file. When the file already holds these bytes only its timestamp is refreshed (so the
    /// target's Inputs/Outputs see it as up to date). Returns whether the content changed.
    /// </summary>
    public static bool WriteIfChanged(string path, byte[] content)
    {
        var fullPath = Path.GetFullPath(path);
        try
        {
            if (File.Exists(fullPath) && ContentEquals(fullPath, content))
            {
                File.SetLastWriteTimeUtc(fullPath, DateTime.UtcNow);
                return false;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
            var temporary = fullPath + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            try
            {
                File.WriteAllBytes(temporary, content);
                if (File.Exists(fullPath))
                {
                    File.Replace(temporary, fullPath, destinationBackupFileName: null);
                }
                else
                {
                    File.Move(temporary, fullPath);
                }
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }

            return true;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw BuildDiagnostics.OutputNotWritten.Failure(failure, fullPath, fullPath, failure.Message);
        }
    }

    private static bool ContentEquals(string path, byte[] content)
    {
        var info = new FileInfo(path);
        if (info.Length != content.Length)
        {
            return false;
        }

        var existing = File.ReadAllBytes(path);
        return existing.AsSpan().SequenceEqual(content);
    }
}
