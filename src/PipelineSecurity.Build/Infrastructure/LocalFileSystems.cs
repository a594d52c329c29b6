using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace PipelineSecurity.Build.Infrastructure;

/// <summary>
/// Whether a path lies on a disk file system of this machine (ext4, xfs, btrfs, tmpfs, overlay…), where reading a regular
/// file cannot wait on anything but the disk, as opposed to a network or FUSE one (NFS, SMB, sshfs, 9p), where a read
/// can wait on a server for as long as it likes. Linux only, from the kernel's mount table (/proc/self/mountinfo, which
/// never blocks), matched by the longest mount point that is a prefix of the path; elsewhere, or when in doubt, false.
/// The path is taken as written (no link is resolved, which could itself wait on a share): a folder reached through a
/// symbolic link into a network share counts as where the link lies.
/// </summary>
internal static class LocalFileSystems
{
    // Mounts come and go while an MSBuild node lives; the table is read again after this long.
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(10);

    private static readonly HashSet<string> DiskTypes = new(StringComparer.Ordinal)
    {
        "ext2", "ext3", "ext4", "xfs", "btrfs", "bcachefs", "zfs", "f2fs", "jfs", "reiserfs", "nilfs2", "erofs", "squashfs",
        "tmpfs", "ramfs", "overlay", "vfat", "exfat", "ntfs3", "hfsplus", "udf", "iso9660",
    };

    private static readonly object Gate = new();
    private static Mount[]? mounts;
    private static Stopwatch? readAt;

    public static bool Holds(string path)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !Path.IsPathRooted(path))
        {
            return false;
        }

        try
        {
            path = Path.GetFullPath(path);
        }
        catch (Exception invalid) when (invalid is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return false;
        }

        return OnDisk(path, Table());
    }

    /// <summary>Whether the mount of <paramref name="fullPath"/> in <paramref name="table"/> is a disk file system.</summary>
    internal static bool OnDisk(string fullPath, IReadOnlyList<Mount> table)
    {
        Mount? best = null;
        foreach (var mount in table)
        {
            if (Contains(mount.Point, fullPath) && (best is null || mount.Point.Length >= best.Value.Point.Length))
            {
                best = mount; // later lines of an equal point are mounts over earlier ones
            }
        }

        return best is { } found && DiskTypes.Contains(found.Type);
    }

    /// <summary>The mount table's lines as (mount point, file-system type); testable without the kernel's file.</summary>
    internal static Mount[] Parse(string mountInfo)
    {
        var result = new List<Mount>();
        foreach (var line in mountInfo.Split('\n'))
        {
            // "36 35 98:0 /root /mnt/point rw,noatime master:1 - ext4 /dev/sda1 rw": the point is the fifth field, the
            // type the first after the lone "-".
            var fields = line.Split(' ');
            var separator = fields.Length < 7 ? -1 : Array.IndexOf(fields, "-", 6);
            if (separator < 0 || separator + 1 >= fields.Length || fields[separator + 1].Length == 0)
            {
                continue;
            }

            result.Add(new Mount(Unescape(fields[4]), fields[separator + 1]));
        }

        return result.ToArray();
    }

    private static Mount[] Table()
    {
        lock (Gate)
        {
            if (mounts is null || readAt is null || readAt.Elapsed > Freshness)
            {
                try
                {
                    mounts = Parse(File.ReadAllText("/proc/self/mountinfo"));
                }
                catch (Exception unreadable) when (unreadable is IOException or UnauthorizedAccessException)
                {
                    mounts = Array.Empty<Mount>();
                }

                readAt = Stopwatch.StartNew();
            }

            return mounts;
        }
    }

    private static bool Contains(string point, string path) =>
        point == "/" ||
        (path.StartsWith(point, StringComparison.Ordinal) && (path.Length == point.Length || path[point.Length] == '/'));

    // The kernel writes space, tab, newline and backslash in a mount point as \040, \011, \012 and \134.
    private static string Unescape(string field)
    {
        if (field.IndexOf('\\') < 0)
        {
            return field;
        }

        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                text.Append((char)(((field[i + 1] - '0') * 64) + ((field[i + 2] - '0') * 8) + (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    internal readonly record struct Mount(string Point, string Type);
}
