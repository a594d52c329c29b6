using System;
using System.IO;

namespace PipelineSecurity.Build.Infrastructure;

/// <summary>Writes outputs whole or not at all, and leaves an unchanged file's content alone.</summary>
internal static class OutputFile
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
            // Only a regular file is compared (and so opened): a FIFO, a device or a link planted at the output path is
            // replaced by the rename below, never read or written through.
            if (FileSystemEntry.Of(fullPath) == FileSystemEntryType.RegularFile && ContentEquals(fullPath, content))
            {
                File.SetLastWriteTimeUtc(fullPath, DateTime.UtcNow);
                return false;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
            var temporary = fullPath + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            try
            {
                File.WriteAllBytes(temporary, content);
                ReplaceWith(temporary, fullPath);
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

    /// <summary>
    /// Renames <paramref name="temporary"/> over <paramref name="fullPath"/>, whatever is there (a regular file, a dangling
    /// link, a FIFO): a rename replaces the entry itself. Two builds writing the same output at once both succeed; the
    /// last rename wins, and both wrote the same content.
    /// </summary>
    private static void ReplaceWith(string temporary, string fullPath)
    {
        var existing = FileSystemEntry.Of(fullPath);
        if (existing == FileSystemEntryType.Directory)
        {
            throw new IOException($"'{fullPath}' is a directory.");
        }

#if NET
        File.Move(temporary, fullPath, overwrite: true);
#else
        if (existing != FileSystemEntryType.Missing && existing != FileSystemEntryType.RegularFile)
        {
            File.Delete(fullPath);
        }

        try
        {
            File.Move(temporary, fullPath);
        }
        catch (IOException) when (File.Exists(fullPath))
        {
            // Written meanwhile by a concurrent build: replace its copy.
            File.Replace(temporary, fullPath, destinationBackupFileName: null);
        }
#endif
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
