using System;
using System.IO;
using System.Runtime.InteropServices;

namespace PipelineSecurity.Build.Infrastructure;

/// <summary>What a path names, seen without opening it (opening a FIFO blocks until a writer comes).</summary>
internal enum FileSystemEntryType
{
    Missing,
    RegularFile,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Other,
}

/// <summary>
/// The type of a file-system entry, read with lstat/stat/fstat. .NET reports neither FIFOs nor devices (a FIFO is
/// "a file of length 0"), so on Unix this asks the runtime's own native shim (libSystem.Native, which ships with every
/// .NET runtime and returns st_mode unchanged); on Windows (the net472 build) no FIFO or device can sit at a file path,
/// and the file attributes tell files, folders and reparse points apart.
/// </summary>
internal static class FileSystemEntry
{
    private const int TypeMask = 0xF000;

    private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    private static bool nativeUnavailable;

    /// <summary>The entry itself: a symbolic link is reported as <see cref="FileSystemEntryType.SymbolicLink"/>.</summary>
    public static FileSystemEntryType Of(string path) => Query(path, followLinks: false);

    /// <summary>What the path leads to after following symbolic links; a dangling or looping link is <see cref="FileSystemEntryType.Missing"/>.</summary>
    public static FileSystemEntryType Target(string path) => Query(path, followLinks: true);

    /// <summary>The type of an open file (after open, in case the entry was swapped since it was checked).</summary>
    public static FileSystemEntryType Of(FileStream stream)
    {
        if (IsWindows || nativeUnavailable)
        {
            return stream.CanSeek ? FileSystemEntryType.RegularFile : FileSystemEntryType.Other;
        }

        try
        {
            return Native.FStat(stream.SafeFileHandle, out var status) == 0 ? FromMode(status.Mode) : FileSystemEntryType.Other;
        }
        catch (Exception failure) when (failure is DllNotFoundException or EntryPointNotFoundException)
        {
            nativeUnavailable = true;
            return stream.CanSeek ? FileSystemEntryType.RegularFile : FileSystemEntryType.Other;
        }
    }

    /// <summary>Where a symbolic link points (as written in the link), or null.</summary>
    public static string? LinkTarget(string path)
    {
#if NET
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return null;
        }
#else
        return null;
#endif
    }

    public static string Describe(FileSystemEntryType type) => type switch
    {
        FileSystemEntryType.Missing => "nothing (the path does not exist)",
        FileSystemEntryType.RegularFile => "a regular file",
        FileSystemEntryType.Directory => "a directory",
        FileSystemEntryType.SymbolicLink => "a symbolic link",
        FileSystemEntryType.Fifo => "a named pipe (FIFO)",
        FileSystemEntryType.CharacterDevice => "a character device",
        FileSystemEntryType.BlockDevice => "a block device",
        FileSystemEntryType.Socket => "a socket",
        _ => "not a regular file",
    };

    private static FileSystemEntryType Query(string path, bool followLinks)
    {
        if (!IsWindows && !nativeUnavailable)
        {
            try
            {
                var result = followLinks ? Native.Stat(path, out var status) : Native.LStat(path, out status);
                return result == 0 ? FromMode(status.Mode) : FileSystemEntryType.Missing;
            }
            catch (Exception failure) when (failure is DllNotFoundException or EntryPointNotFoundException)
            {
                nativeUnavailable = true;
            }
        }

        return FromAttributes(path, followLinks);
    }

    private static FileSystemEntryType FromMode(int mode) => (mode & TypeMask) switch
    {
        0x8000 => FileSystemEntryType.RegularFile,
        0x4000 => FileSystemEntryType.Directory,
        0xA000 => FileSystemEntryType.SymbolicLink,
        0x1000 => FileSystemEntryType.Fifo,
        0x2000 => FileSystemEntryType.CharacterDevice,
        0x6000 => FileSystemEntryType.BlockDevice,
        0xC000 => FileSystemEntryType.Socket,
        _ => FileSystemEntryType.Other,
    };

    private static FileSystemEntryType FromAttributes(string path, bool followLinks)
    {
        FileAttributes attributes;
        try
        {
            attributes = File.GetAttributes(path);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return FileSystemEntryType.Missing;
        }

        if ((attributes & FileAttributes.ReparsePoint) != 0 && !followLinks)
        {
            return FileSystemEntryType.SymbolicLink;
        }

        if ((attributes & FileAttributes.Directory) != 0)
        {
            return Directory.Exists(path) ? FileSystemEntryType.Directory : FileSystemEntryType.Missing;
        }

        if ((attributes & FileAttributes.Device) != 0)
        {
            return FileSystemEntryType.CharacterDevice;
        }

        return File.Exists(path) ? FileSystemEntryType.RegularFile : FileSystemEntryType.Missing;
    }

    private static class Native
    {
        private const string Library = "libSystem.Native";

        [DllImport(Library, EntryPoint = "SystemNative_Stat", SetLastError = true)]
        internal static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus output);

        [DllImport(Library, EntryPoint = "SystemNative_LStat", SetLastError = true)]
        internal static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus output);

        [DllImport(Library, EntryPoint = "SystemNative_FStat", SetLastError = true)]
        internal static extern int FStat(Microsoft.Win32.SafeHandles.SafeFileHandle handle, out FileStatus output);
    }

    /// <summary>
    /// The runtime's FileStatus (pal_io.h): Flags then Mode (st_mode as is). Sized well beyond the native struct
    /// (about 120 bytes) so that a later runtime adding fields can never write past it.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 512)]
    private struct FileStatus
    {
        [FieldOffset(0)]
        public int Flags;

        [FieldOffset(4)]
        public int Mode;
    }
}
