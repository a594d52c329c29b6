using System;
using System.IO;
using System.Runtime.InteropServices;

namespace PipelineSecurity.Build.Integrity.PackageCache;

/// <summary>
/// What the file system says about a file, enough to tell that its bytes cannot have changed since an earlier look:
/// size, modification time, inode change time, inode and device. On Linux and macOS the change time (ctime) is set by
/// the kernel on every write, truncation, rename, link or attribute change, and no user-space call can set it back: a file
/// edited or replaced and given its old modification time again (<c>touch -r</c>) still gets a new ctime. A stamp is
/// only trusted when it is "settled" (its times lie before the check started, with a margin), so an edit within the file
/// system's timestamp granularity of the check is not mistaken for no change.
/// </summary>
internal readonly record struct FileChangeStamp(long Size, long ModifiedNs, long ChangedNs, ulong Inode, ulong Device, bool IsRegularFile)
{
    /// <summary>
    /// Linux: <c>statx</c>; macOS: <c>lstat</c>. Elsewhere (Windows) there is no stamp: NTFS's change time can be set from
    /// user mode (<c>NtSetInformationFile</c>), so only the file's bytes are trusted and every file is hashed.
    /// </summary>
    public static bool Supported => Platform.Value != StampPlatform.None;

    /// <summary>How much older than the check a stamp's times must be before it is trusted to stand for the content.</summary>
    public static readonly TimeSpan SettleMargin = TimeSpan.FromSeconds(2);

    /// <summary>The stamp of <paramref name="path"/> without following a final symbolic link; null when it has none or cannot be read.</summary>
    public static FileChangeStamp? TryGet(string path) => TryGet(path, out _);

    /// <summary>As <see cref="TryGet(string)"/>, and whether the entry is a directory (a symbolic link to one is not).</summary>
    public static FileChangeStamp? TryGet(string path, out bool isDirectory)
    {
        isDirectory = false;
        try
        {
            int mode = 0;
            var stamp = Platform.Value switch
            {
                StampPlatform.Linux => Linux(path, out mode),
                StampPlatform.MacOS => MacOS(path, out mode),
                _ => null,
            };
            isDirectory = stamp is not null && (mode & FileTypeMask) == DirectoryType;
            return stamp;
        }
        catch (Exception failure) when (failure is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or MarshalDirectiveException)
        {
            return null;
        }
    }

    /// <summary>The text of <paramref name="path"/>'s stamp now, "missing" when nothing is there; null when the platform has no stamps or the entry cannot be examined.</summary>
    public static string? TextOf(string path)
    {
        if (TryGet(path) is { } stamp)
        {
            return stamp.ToString();
        }

        return Supported && Infrastructure.FileSystemEntry.Of(path) == Infrastructure.FileSystemEntryType.Missing ? MissingText : null;
    }

    /// <summary>Whether a <see cref="TextOf"/> text names an entry whose times lie before <paramref name="checkStartedUtc"/> minus the margin (nothing there always does).</summary>
    public static bool IsSettledText(string text, DateTime checkStartedUtc) =>
        text == MissingText || Parse(text) is { } parsed && parsed.SettledBefore(checkStartedUtc);

    private const string MissingText = "missing";

    /// <summary>Whether the stamp's times lie before <paramref name="checkStartedUtc"/> minus the margin.</summary>
    public bool SettledBefore(DateTime checkStartedUtc)
    {
        var limit = (checkStartedUtc - SettleMargin - UnixEpoch).Ticks * 100;
        return ChangedNs < limit && ModifiedNs < limit;
    }

    /// <summary>The compact text form kept in the verdict store.</summary>
    public override string ToString() => FormattableString.Invariant($"{Size}:{ModifiedNs}:{ChangedNs}:{Inode}:{Device}:{(IsRegularFile ? 'f' : 'o')}");

    public static FileChangeStamp? Parse(string? text)
    {
        var parts = text?.Split(':');
        if (parts is not { Length: 6 }
            || !long.TryParse(parts[0], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var size)
            || !long.TryParse(parts[1], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var modified)
            || !long.TryParse(parts[2], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var changed)
            || !ulong.TryParse(parts[3], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var inode)
            || !ulong.TryParse(parts[4], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var device))
        {
            return null;
        }

        return new FileChangeStamp(size, modified, changed, inode, device, parts[5] == "f");
    }

    private static readonly DateTime UnixEpoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private enum StampPlatform
    {
        None,
        Linux,
        MacOS,
    }

    private static readonly Lazy<StampPlatform> Platform = new(Detect);

    /// <summary>
    /// Picks the platform call and checks it once against .NET's own view of a file (size and modification time): a
    /// structure read at the wrong offsets disables the stamps (every file is then hashed) instead of yielding garbage.
    /// </summary>
    private static StampPlatform Detect()
    {
        StampPlatform candidate;
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            candidate = StampPlatform.Linux;
        }
        else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            candidate = StampPlatform.MacOS;
        }
        else
        {
            return StampPlatform.None;
        }

        var probe = typeof(FileChangeStamp).Assembly.Location;
        if (string.IsNullOrEmpty(probe) || !File.Exists(probe))
        {
            return StampPlatform.None;
        }

        try
        {
            var stamp = candidate == StampPlatform.Linux ? Linux(probe, out _) : MacOS(probe, out _);
            var info = new FileInfo(probe);
            var modifiedNs = (info.LastWriteTimeUtc - UnixEpoch).Ticks * 100;
            return stamp is { IsRegularFile: true } s && s.Size == info.Length && Math.Abs(s.ModifiedNs - modifiedNs) < 1_000_000 && s.ChangedNs > 0 && s.Inode != 0
                ? candidate
                : StampPlatform.None;
        }
        catch (Exception failure) when (failure is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or MarshalDirectiveException or IOException)
        {
            return StampPlatform.None;
        }
    }

    // Linux statx(2): the structure has one layout on every architecture.
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int FileTypeMask = 0xF000; // S_IFMT
    private const int RegularFile = 0x8000;  // S_IFREG
    private const int DirectoryType = 0x4000; // S_IFDIR

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern unsafe int StatxCall(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte* buffer);

    [DllImport("libc", EntryPoint = "statx")]
    private static extern unsafe int StatxAtCall(int directory, byte* path, int flags, uint mask, byte* buffer);

    private static unsafe FileChangeStamp? Linux(string path, out int mode)
    {
        var buffer = stackalloc byte[256];
        mode = 0;
        return StatxCall(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) == 0 ? FromStatx(buffer, out mode) : null;
    }

    /// <summary>
    /// Linux: the stamp of <paramref name="path"/> (NUL-terminated UTF-8) looked up from the open folder
    /// <paramref name="directory"/>, or of that folder itself when <paramref name="path"/> is empty; links never followed.
    /// </summary>
    internal static unsafe FileChangeStamp? LinuxAt(int directory, byte* path, out int mode)
    {
        var buffer = stackalloc byte[256];
        mode = 0;
        var flags = *path == 0 ? AtSymlinkNoFollow | AtEmptyPath : AtSymlinkNoFollow;
        return StatxAtCall(directory, path, flags, StatxBasicStats, buffer) == 0 ? FromStatx(buffer, out mode) : null;
    }

    /// <summary>Whether a mode (as <see cref="LinuxAt"/> gives it) is a directory's.</summary>
    internal static bool IsDirectoryMode(int mode) => (mode & FileTypeMask) == DirectoryType;

    /// <summary>Whether this platform's stamps are statx's (<see cref="LinuxAt"/> may be used).</summary>
    internal static bool IsStatx => Platform.Value == StampPlatform.Linux;

    private static unsafe FileChangeStamp FromStatx(byte* buffer, out int mode)
    {
        mode = *(ushort*)(buffer + 28);
        var inode = *(ulong*)(buffer + 32);
        var size = *(long*)(buffer + 40);
        var changed = (*(long*)(buffer + 96) * 1_000_000_000L) + *(uint*)(buffer + 104);
        var modified = (*(long*)(buffer + 112) * 1_000_000_000L) + *(uint*)(buffer + 120);
        var device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140);
        return new FileChangeStamp(size, modified, changed, inode, device, (mode & FileTypeMask) == RegularFile);
    }

    // macOS lstat(2) with 64-bit inodes (the only layout on arm64; "lstat$INODE64" on x64).
    [DllImport("libc", EntryPoint = "lstat", SetLastError = true)]
    private static extern unsafe int LstatArm(string path, byte* buffer);

    [DllImport("libc", EntryPoint = "lstat$INODE64", SetLastError = true)]
    private static extern unsafe int LstatX64(string path, byte* buffer);

    private static unsafe FileChangeStamp? MacOS(string path, out int mode)
    {
        var buffer = stackalloc byte[256];
        mode = 0;
        var result = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? LstatX64(path, buffer) : LstatArm(path, buffer);
        if (result != 0)
        {
            return null;
        }

        var device = (ulong)*(uint*)buffer;
        mode = *(ushort*)(buffer + 4);
        var inode = *(ulong*)(buffer + 8);
        var modified = (*(long*)(buffer + 48) * 1_000_000_000L) + *(long*)(buffer + 56);
        var changed = (*(long*)(buffer + 64) * 1_000_000_000L) + *(long*)(buffer + 72);
        var size = *(long*)(buffer + 96);
        return new FileChangeStamp(size, modified, changed, inode, device, (mode & FileTypeMask) == RegularFile);
    }
}
