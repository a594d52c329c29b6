using System;
using System.IO;

namespace PipelineSecurity.Build.Infrastructure;

/// <summary>Why a file is not handed to the compiler as text, or null when it can be.</summary>
internal static class TextFileSniffer
{
    /// <summary>How much of a file is looked at: the window git uses to tell text from binary.</summary>
    public const int SniffBytes = 8000;

    /// <summary>
    /// Null when <paramref name="path"/> is a readable regular file (or a link to one) that looks like text; otherwise
    /// what it is. A FIFO or device is never opened (the compiler would hang on it); a file is binary when its first
    /// bytes hold a NUL and it starts with no UTF-16/UTF-32 byte-order mark (an encrypted configuration file, for one:
    /// the compiler rejects it with CS2015). A dangling link is reported (the compiler would fail with CS2001).
    /// </summary>
    public static string? WhyNotText(string path)
    {
        var entry = FileSystemEntry.Of(path);
        var target = entry == FileSystemEntryType.SymbolicLink ? FileSystemEntry.Target(path) : entry;
        if (entry == FileSystemEntryType.SymbolicLink && target == FileSystemEntryType.Missing)
        {
            return "a symbolic link to nothing";
        }

        if (target == FileSystemEntryType.Missing)
        {
            return "missing";
        }

        if (target != FileSystemEntryType.RegularFile)
        {
            return FileSystemEntry.Describe(target);
        }

        byte[] head;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096);
            if (FileSystemEntry.Of(stream) != FileSystemEntryType.RegularFile)
            {
                return "not a regular file";
            }

            head = new byte[(int)Math.Min(SniffBytes, Math.Max(stream.Length, 0))];
            var read = 0;
            int count;
            while (read < head.Length && (count = stream.Read(head, read, head.Length - read)) > 0)
            {
                read += count;
            }

            Array.Resize(ref head, read);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return "not readable (" + failure.Message + ")";
        }

        return LooksBinary(head) ? "binary (not text)" : null;
    }

    public static bool LooksBinary(byte[] head)
    {
        if (StartsWith(head, 0xFF, 0xFE) || StartsWith(head, 0xFE, 0xFF) || StartsWith(head, 0x00, 0x00, 0xFE, 0xFF))
        {
            return false; // UTF-16 or UTF-32 text, which the compiler decodes by its byte-order mark
        }

        return Array.IndexOf(head, (byte)0) >= 0;
    }

    private static bool StartsWith(byte[] bytes, params byte[] prefix)
    {
        if (bytes.Length < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (bytes[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }
}
