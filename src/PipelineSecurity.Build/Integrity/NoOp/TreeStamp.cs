using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Integrity.PackageCache;

namespace PipelineSecurity.Build.Integrity.NoOp;

/// <summary>
/// One digest over the change stamps (<see cref="FileChangeStamp"/>) of every entry under a folder: the folder itself,
/// each subfolder, file, link or other entry, links never followed. A write, truncation, rename, added or removed entry or
/// attribute change anywhere under it gives another digest, even when the modification time is put back, because the
/// inode change time cannot be. <see cref="LatestNs"/> is the newest time seen, to tell whether the digest is settled.
/// </summary>
public readonly record struct TreeStamp(string Digest, long LatestNs)
{
    /// <summary>The digest of a path where nothing exists.</summary>
    public static readonly TreeStamp Missing = new("missing", 0);

    private static readonly DateTime UnixEpoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Whether every time under the folder lies before <paramref name="checkStartedUtc"/> minus <see cref="FileChangeStamp.SettleMargin"/>.</summary>
    public bool SettledBefore(DateTime checkStartedUtc) =>
        LatestNs < (checkStartedUtc - FileChangeStamp.SettleMargin - UnixEpoch).Ticks * 100;

    /// <summary>
    /// The stamp of <paramref name="folder"/>; null when this platform has no change stamps, or the folder cannot be
    /// listed whole (unreadable, or more entries than <see cref="InputLimits.PackageFolderMaxFiles"/>): then nothing
    /// may be concluded from it.
    /// </summary>
    public static TreeStamp? Of(string folder)
    {
        if (!FileChangeStamp.Supported || string.IsNullOrEmpty(folder))
        {
            return null;
        }

        var root = folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var rootStamp = FileChangeStamp.TryGet(root, out var isDirectory);
        if (rootStamp is null)
        {
            return FileSystemEntry.Of(root) == FileSystemEntryType.Missing ? Missing : null;
        }

        var entries = new List<KeyValuePair<string, FileChangeStamp>> { new(".", rootStamp.Value) };
        if (isDirectory && !Walk(root, entries, InputLimits.Current.PackageFolderMaxFiles))
        {
            return null;
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder(entries.Count * 96);
        long latest = 0;
        foreach (var entry in entries)
        {
            text.Append(entry.Key).Append('\0').Append(entry.Value.ToString()).Append('\n');
            latest = Math.Max(latest, Math.Max(entry.Value.ChangedNs, entry.Value.ModifiedNs));
        }

        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
        return new TreeStamp(Convert.ToBase64String(hash, 0, 24), latest);
    }

    private static bool Walk(string root, List<KeyValuePair<string, FileChangeStamp>> entries, long maxEntries)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        try
        {
            while (pending.Count > 0)
            {
                foreach (var path in Directory.EnumerateFileSystemEntries(pending.Pop()))
                {
                    var stamp = FileChangeStamp.TryGet(path, out var isDirectory);
                    if (stamp is null || entries.Count >= maxEntries)
                    {
                        return false; // gone while listing, or too many: no conclusion
                    }

                    entries.Add(new(path.Substring(root.Length + 1), stamp.Value));
                    if (isDirectory)
                    {
                        pending.Push(path);
                    }
                }
            }

            return true;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
