using System;
using System.Collections.Generic;
using System.IO;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Integrity.PackageCache;

/// <summary>An entry of a package folder that NuGet never extracts: a symbolic link, a FIFO, a device or a socket.</summary>
internal sealed record SpecialEntry(string RelativePath, FileSystemEntryType Type, string? LinkTarget);

/// <summary>What a bounded walk of one package folder found.</summary>
internal sealed class PackageFolderListing
{
    /// <summary>Regular files, keyed by '/'-separated relative path.</summary>
    public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    public List<SpecialEntry> Special { get; } = new();

    /// <summary>Set when the walk stopped at a limit: the listing is incomplete and must not be compared.</summary>
    public string? StoppedAt { get; set; }
}

/// <summary>
/// Lists a package's folder in the packages folder without ever leaving it: NuGet extracts only regular files and folders,
/// so a symbolic link (to a file or a folder; a link to "/" used to walk the whole file system), a FIFO, a device or a
/// socket is recorded as a <see cref="SpecialEntry"/> and neither followed nor opened. The walk stops after
/// <see cref="InputLimits.PackageFolderMaxFiles"/> entries or <see cref="InputLimits.PackageFolderMaxBytes"/> bytes.
/// </summary>
internal static class PackageFolderWalker
{
    public static PackageFolderListing Walk(string folder, ISet<string> bookkeeping)
    {
        var limits = InputLimits.Current;
        var listing = new PackageFolderListing();
        var root = folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var rootType = FileSystemEntry.Of(root);
        if (rootType != FileSystemEntryType.Directory)
        {
            if (rootType != FileSystemEntryType.Missing)
            {
                listing.Special.Add(new SpecialEntry(".", rootType, FileSystemEntry.LinkTarget(root)));
            }

            return listing;
        }

        long entries = 0;
        long bytes = 0;
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var path in Directory.EnumerateFileSystemEntries(directory))
            {
                var relative = path.Substring(root.Length + 1).Replace('\\', '/');
                if (++entries > limits.PackageFolderMaxFiles)
                {
                    listing.StoppedAt = $"{limits.PackageFolderMaxFiles} files or folders";
                    return listing;
                }

                var type = FileSystemEntry.Of(path);
                switch (type)
                {
                    case FileSystemEntryType.Directory:
                        pending.Push(path);
                        break;
                    case FileSystemEntryType.RegularFile:
                        if (bookkeeping.Contains(relative))
                        {
                            break;
                        }

                        bytes += new FileInfo(path).Length;
                        if (bytes > limits.PackageFolderMaxBytes)
                        {
                            listing.StoppedAt = $"{limits.PackageFolderMaxBytes} bytes ({InputFile.Megabytes(limits.PackageFolderMaxBytes)})";
                            return listing;
                        }

                        listing.Files[relative] = path;
                        break;
                    case FileSystemEntryType.Missing:
                        break; // removed while listing: the comparison reports it missing
                    default:
                        if (!bookkeeping.Contains(relative))
                        {
                            listing.Special.Add(new SpecialEntry(relative, type, type == FileSystemEntryType.SymbolicLink ? FileSystemEntry.LinkTarget(path) : null));
                        }

                        break;
                }
            }
        }

        return listing;
    }
}
