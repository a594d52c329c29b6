using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Integrity.PackageCache;

namespace PipelineSecurity.Build.Integrity.NoOp;

/// <summary>
/// One digest over the change stamps (<see cref="FileChangeStamp"/>) of every entry under a folder: the folder itself,
/// each subfolder, file, link or other entry, links never followed. A write, truncation, rename, added or removed entry or
/// attribute change anywhere under it gives another digest, even when the modification time is put back, because the
/// inode change time cannot be. <see cref="LatestNs"/> is the newest time seen, to tell whether the digest is settled;
/// <see cref="Links"/> counts the entries that are neither files nor folders, whose own stamps say nothing of a target.
/// </summary>
internal readonly record struct TreeStamp(string Digest, long LatestNs, long Links = 0)
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
    /// may be concluded from it. <paramref name="entries"/>, when given, receives every entry's path relative to the
    /// folder ('/'-separated) in the order walked: the listing <see cref="Replay"/> takes.
    /// </summary>
    public static TreeStamp? Of(string folder, List<string>? entries = null, long? maxEntries = null)
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

        // Entries in the order the file system lists them: a listing in another order is a change too (a needless full check, never a missed one).
        using var digest = new TreeDigest(rootStamp.Value);
        if (isDirectory)
        {
            using var stamps = new FolderEntryStamps(root, rootStamp.Value);
            if (!Walk(root, stamps, digest, maxEntries ?? InputLimits.Current.PackageFolderMaxFiles, entries))
            {
                return null;
            }
        }

        return new TreeStamp(digest.Finish(), digest.LatestNs, digest.Links);
    }

    /// <summary>
    /// The digest <see cref="Of"/> gives when the folder still holds exactly <paramref name="entries"/> (an earlier walk's
    /// listing), in that order, each with the stamp it had: one stat per entry and no directory listed. Only a match with
    /// a digest an actual walk produced means anything: every directory's own stamp is part of the digest, and an entry
    /// added, removed or renamed anywhere changes its directory's stamp (ctime, which cannot be set back), so a stale or
    /// forged listing gives another digest, never a false match. Null when an entry is gone or cannot be examined.
    /// </summary>
    public static TreeStamp? Replay(string folder, IReadOnlyList<string> entries, long? maxEntries = null)
    {
        if (!FileChangeStamp.Supported || string.IsNullOrEmpty(folder) || entries.Count >= (maxEntries ?? InputLimits.Current.PackageFolderMaxFiles))
        {
            return null;
        }

        var root = folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var rootStamp = FileChangeStamp.TryGet(root, out var isDirectory);
        if (rootStamp is null)
        {
            return entries.Count == 0 && FileSystemEntry.Of(root) == FileSystemEntryType.Missing ? Missing : null;
        }

        if (!isDirectory && entries.Count > 0)
        {
            return null;
        }

        using var digest = new TreeDigest(rootStamp.Value);
        using var stamps = new FolderEntryStamps(root, rootStamp.Value);
        foreach (var entry in entries)
        {
            if (stamps.TryGet(entry, out var entryIsDirectory) is not { } stamp)
            {
                return null;
            }

            digest.Add(stamps.PathBytes, stamps.PathLength, stamp, entryIsDirectory);
        }

        return new TreeStamp(digest.Finish(), digest.LatestNs, digest.Links);
    }

    /// <summary>Directories listed by <see cref="Of"/> on the calling thread (tests check that a replay lists none).</summary>
    [ThreadStatic]
    internal static int DirectoriesListedOnThisThread;

    private static bool Walk(string root, FolderEntryStamps stamps, TreeDigest digest, long maxEntries, List<string>? entries)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        try
        {
            while (pending.Count > 0)
            {
                DirectoriesListedOnThisThread++;
                foreach (var path in Directory.EnumerateFileSystemEntries(pending.Pop()))
                {
                    var relative = path.Substring(root.Length + 1);
                    var stamp = stamps.TryGet(relative, out var isDirectory);
                    if (stamp is null || digest.Count >= maxEntries)
                    {
                        return false; // gone while listing, or too many: no conclusion
                    }

                    digest.Add(stamps.PathBytes, stamps.PathLength, stamp.Value, isDirectory);
                    entries?.Add(relative);
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

/// <summary>
/// SHA-256 over each entry's path (relative to the folder, in UTF-8, as <see cref="FolderEntryStamps"/> encoded it) and
/// stamp fields in binary. Entries are gathered in a buffer that is hashed when full: one call into the hash per entry
/// cost more than the hashing (thousands of entries per walk). The buffer is rented: a new one per package folder
/// (68 KB) made a walk of 150 folders allocate 12 MB, and the collection that followed paused the build's own thread
/// (25 ms in the first project of a no-op build).
/// </summary>
internal sealed class TreeDigest : IDisposable
{
    private const int FlushAt = 16 * 1024;

    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(FlushAt + 4096);
    private int used;

    /// <summary>A digest that starts with the folder's own stamp (under the empty path), as every walk and replay does.</summary>
    public TreeDigest(FileChangeStamp folderStamp) => Add(Array.Empty<byte>(), 0, folderStamp, isDirectory: true);

    public long Count { get; private set; }

    /// <summary>Entries that are neither regular files nor folders (links, mostly): their stamps say nothing of a target.</summary>
    public long Links { get; private set; }

    public long LatestNs { get; private set; }

    /// <summary>Adds an entry: the first <paramref name="pathLength"/> bytes of <paramref name="utf8Path"/> (its path relative to the folder) and its stamp.</summary>
    public void Add(byte[] utf8Path, int pathLength, FileChangeStamp stamp, bool isDirectory)
    {
        if (!stamp.IsRegularFile && !isDirectory)
        {
            Links++;
        }

        var needed = pathLength + 48;
        if (buffer.Length - used < needed)
        {
            Flush();
            if (buffer.Length < needed)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = ArrayPool<byte>.Shared.Rent(needed * 2);
            }
        }

        Buffer.BlockCopy(utf8Path, 0, buffer, used, pathLength);
        var end = used + pathLength;
        buffer[end++] = 0;
        end = Put(buffer, end, stamp.Size);
        end = Put(buffer, end, stamp.ModifiedNs);
        end = Put(buffer, end, stamp.ChangedNs);
        end = Put(buffer, end, (long)stamp.Inode);
        end = Put(buffer, end, (long)stamp.Device);
        buffer[end++] = stamp.IsRegularFile ? (byte)1 : (byte)0;
        used = end;
        if (used >= FlushAt)
        {
            Flush();
        }

        Count++;
        LatestNs = Math.Max(LatestNs, Math.Max(stamp.ChangedNs, stamp.ModifiedNs));
    }

    public string Finish()
    {
        Flush();
        return Convert.ToBase64String(hash.GetHashAndReset(), 0, 24);
    }

    public void Dispose()
    {
        hash.Dispose();
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = Array.Empty<byte>();
    }

    private void Flush()
    {
        if (used > 0)
        {
            hash.AppendData(buffer, 0, used);
            used = 0;
        }
    }

    private static int Put(byte[] target, int offset, long value)
    {
        for (var i = 0; i < 8; i++)
        {
            target[offset + i] = (byte)(value >> (8 * i));
        }

        return offset + 8;
    }
}
