using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PipelineSecurity.Build.Infrastructure;

/// <summary>
/// The one way the tasks open an input. A path that is not a regular file (a directory, a FIFO, a device, a socket) is
/// refused before it is opened: opening a FIFO blocks until a writer comes, and a device such as /dev/zero reports a
/// length of 0 and never ends. Symbolic links are followed and their target checked the same way; a dangling link is
/// refused. The size cap applies to the bytes actually read, not to the length the file system reports. A file swapped for
/// a pipe between the check and the open cannot hang the build: on a disk file system of this machine (Linux) the file
/// is opened non-blocking on the calling thread and refused once open if it is not a regular file; elsewhere (network
/// and FUSE file systems, where a read can wait on a server; Windows; macOS) the open and the read run under a deadline
/// on a reader thread. The calling thread saves the hand-off, which costs milliseconds per read in a busy build.
/// Each refusal is one coded error (<see cref="InputRefusedException"/>) naming the file and the property that changes
/// the limit. A missing file is a <see cref="FileNotFoundException"/>, as before: callers decide whether that is an error.
/// </summary>
internal static class InputFile
{
    private const int ChunkSize = 81920;

    /// <summary>Reads the whole file, at most <see cref="InputKind.MaxBytes"/> bytes of it.</summary>
    public static byte[] ReadAllBytes(string path, InputKind kind)
    {
        var cap = kind.MaxBytes;
        if (OpenOnThisThread(path, kind) is { } local)
        {
            using (local)
            {
                return ReadCapped(local, path, kind, cap);
            }
        }

        return WithDeadline(path, kind, () =>
        {
            using var stream = OpenChecked(path, kind);
            return ReadCapped(stream, path, kind, cap);
        });
    }

    /// <summary>Reads the file as UTF-8 text (a byte-order mark is dropped), at most <see cref="InputKind.MaxBytes"/> bytes.</summary>
    public static string ReadAllText(string path, InputKind kind)
    {
        var bytes = ReadAllBytes(path, kind);
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }

    /// <summary>
    /// Reads one of the tasks' own small work files (a cache in obj/, <see cref="WorkCache"/>) on the calling thread,
    /// without the deadline's hand-off to a reader thread (a millisecond or more per read in a busy build, on the no-op
    /// path of every project). What the deadline guards against cannot happen here: on Linux and macOS the file is opened
    /// non-blocking, so a FIFO swapped in after the check does not block the open, and anything but a regular file is
    /// refused once open; Windows' file systems have no FIFOs. Capped like every read.
    /// </summary>
    public static byte[] ReadAllBytesOnThisThread(string path, InputKind kind)
    {
        using var stream = NonBlockingOpen.Open(path) is { } opened ? RegularFileOnly(opened, path, kind) : OpenChecked(path, kind);
        return ReadCapped(stream, path, kind, kind.MaxBytes);
    }

    /// <summary>
    /// Opens the file for streaming (hashing, unzipping). The open runs under the deadline; the returned stream refuses
    /// to deliver more than the cap, so a file that grows while it is read cannot make the work unbounded.
    /// </summary>
    public static Stream OpenRead(string path, InputKind kind)
    {
        var cap = kind.MaxBytes;
        var stream = OpenOnThisThread(path, kind) ?? WithDeadline(path, kind, () => OpenChecked(path, kind));
        if (stream.Length > cap)
        {
            stream.Dispose();
            throw TooLarge(path, kind, cap);
        }

        return new CappedStream(stream, path, kind, cap);
    }

    /// <summary>Refuses a path that is not (a link to) a regular file, without opening it; a missing path is left to the caller.</summary>
    public static void CheckIsRegularFile(string path, InputKind kind)
    {
        var entry = FileSystemEntry.Of(path);
        if (entry == FileSystemEntryType.Missing)
        {
            return;
        }

        if (entry == FileSystemEntryType.SymbolicLink)
        {
            entry = FileSystemEntry.Target(path);
            if (entry == FileSystemEntryType.Missing)
            {
                throw new InputRefusedException(BuildDiagnostics.InputLinkBroken, path, kind, path, FileSystemEntry.LinkTarget(path) ?? "?", kind.Name);
            }
        }

        if (entry != FileSystemEntryType.RegularFile)
        {
            throw NotRegular(path, kind, entry);
        }
    }

    /// <summary>Whether <see cref="ReadAllBytes"/> and <see cref="OpenRead"/> open this path on the calling thread.</summary>
    internal static bool ReadsOnCallingThread(string path) => NonBlockingOpen.Usable && LocalFileSystems.Holds(path);

    /// <summary>
    /// The checked file opened on the calling thread when nothing can make that wait: a path on a disk file system of this
    /// machine (<see cref="LocalFileSystems"/>), opened non-blocking (so a FIFO swapped in after the check opens at once
    /// and is refused). Null elsewhere (a network or FUSE file system, Windows, macOS): the deadline's reader thread opens it.
    /// </summary>
    private static FileStream? OpenOnThisThread(string path, InputKind kind)
    {
        if (!ReadsOnCallingThread(path))
        {
            return null;
        }

        CheckIsRegularFile(path, kind);
        return NonBlockingOpen.Open(path) is { } stream ? RegularFileOnly(stream, path, kind) : null;
    }

    private static FileStream OpenChecked(string path, InputKind kind)
    {
        CheckIsRegularFile(path, kind);
        if (FileSystemEntry.Of(path) == FileSystemEntryType.Missing)
        {
            throw new FileNotFoundException($"Could not find file '{path}'.", path);
        }

        return RegularFileOnly(
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, ChunkSize, FileOptions.SequentialScan),
            path,
            kind);
    }

    /// <summary>The open file itself checked again (the path may have been swapped after the check); closed and refused if not regular.</summary>
    private static FileStream RegularFileOnly(FileStream stream, string path, InputKind kind)
    {
        var opened = FileSystemEntry.Of(stream);
        if (opened != FileSystemEntryType.RegularFile)
        {
            stream.Dispose();
            throw NotRegular(path, kind, opened);
        }

        return stream;
    }

    private static byte[] ReadCapped(Stream stream, string path, InputKind kind, long cap)
    {
        var reported = stream.CanSeek ? stream.Length : 0;
        if (reported > cap)
        {
            throw TooLarge(path, kind, cap);
        }

        using var buffer = new MemoryStream(reported > 0 ? (int)Math.Min(reported, int.MaxValue - 64) : 4096);
        // Rented: most reads are small work files on the no-op path, where a new 80 KB chunk each was most of what a
        // project's policy read and CI-definitions check allocated.
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long total = 0;
            int read;
            while ((read = stream.Read(chunk, 0, (int)Math.Min(ChunkSize, cap - total + 1))) > 0)
            {
                total += read;
                if (total > cap)
                {
                    throw TooLarge(path, kind, cap);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        // The length the file reported is the usual case: its buffer is the exact array, no copy.
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }

    internal static T WithDeadline<T>(string path, InputKind kind, Func<T> work)
    {
        var limits = InputLimits.Current;
        var timeout = limits.ReadTimeout;
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = ReaderThread.Take();
        reader.Run(() =>
        {
            try
            {
                using (limits.Apply())
                {
                    done.SetResult(work());
                }
            }
            catch (Exception failure)
            {
                done.SetException(failure);
            }
        });

        bool finished;
        try
        {
            finished = done.Task.Wait(timeout);
        }
        catch (AggregateException)
        {
            finished = true; // rethrown unwrapped below
        }

        if (!finished)
        {
            // The reader stays blocked in open() or read() until the other end appears; it holds nothing of ours and is
            // never handed another read.
            throw new InputRefusedException(
                BuildDiagnostics.InputReadTimedOut, path, kind, kind.Name, path, timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture), InputLimits.ReadTimeoutProperty);
        }

        reader.Return();
        return done.Task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// A thread of its own for the reads under a deadline (a blocked open must not hold a thread-pool thread), kept for
    /// the next read once a read finishes in time: starting a thread per read cost a millisecond or more per read in a
    /// busy build. A read that misses its deadline leaves its thread to the blocked call, and the next read gets another.
    /// </summary>
    private sealed class ReaderThread
    {
        private const int MaxIdle = 4;
        private static readonly ConcurrentBag<ReaderThread> Idle = new();

        private readonly SemaphoreSlim handedOver = new(0);
        private Action? next;

        private ReaderThread()
        {
            new Thread(Serve) { IsBackground = true, Name = "PipelineSecurity input read" }.Start();
        }

        public static ReaderThread Take() => Idle.TryTake(out var idle) ? idle : new ReaderThread();

        public void Run(Action read) => HandOver(read);

        /// <summary>Back to the idle set after a read that finished in time; beyond <see cref="MaxIdle"/>, the thread ends.</summary>
        public void Return()
        {
            if (Idle.Count < MaxIdle)
            {
                Idle.Add(this);
            }
            else
            {
                HandOver(null); // ends the thread
            }
        }

        private void HandOver(Action? read)
        {
            next = read;
            handedOver.Release();
        }

        private void Serve()
        {
            while (true)
            {
                handedOver.Wait();
                var read = next;
                next = null;
                if (read is null)
                {
                    return;
                }

                read();
            }
        }
    }

    private static InputRefusedException NotRegular(string path, InputKind kind, FileSystemEntryType type) =>
        new(BuildDiagnostics.InputNotRegularFile, path, kind, path, FileSystemEntry.Describe(type), kind.Name);

    private static InputRefusedException TooLarge(string path, InputKind kind, long cap) =>
        new(BuildDiagnostics.InputTooLarge, path, kind, path, cap.ToString(CultureInfo.InvariantCulture), Megabytes(cap), kind.Name, kind.Property);

    internal static string Megabytes(long bytes) =>
        (bytes / (1024.0 * 1024.0)).ToString(bytes % (1024 * 1024) == 0 ? "0" : "0.#", CultureInfo.InvariantCulture) + " MiB";

    /// <summary>open(2) with O_NONBLOCK on Linux and macOS (the flag does nothing to a regular file; a FIFO opens at once).</summary>
    private static class NonBlockingOpen
    {
        private static readonly int Flags =
            RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? 0x800 | 0x80000      // O_RDONLY | O_NONBLOCK | O_CLOEXEC
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? 0x4 | 0x1000000       // the same on macOS
            : -1;

        private static bool unavailable;

        public static bool Usable => Flags >= 0 && !unavailable;

        /// <summary>The open file; null where this open is not used (Windows) or not available, to open it the usual way.</summary>
        public static FileStream? Open(string path)
        {
            if (Flags < 0 || unavailable)
            {
                return null;
            }

            int descriptor;
            try
            {
                descriptor = OpenCall(path, Flags);
            }
            catch (Exception failure) when (failure is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException)
            {
                unavailable = true;
                return null;
            }

            if (descriptor < 0)
            {
                // The exceptions FileStream would throw, which callers tell apart.
                var error = Marshal.GetLastWin32Error();
                throw error switch
                {
                    2 when Directory.Exists(Path.GetDirectoryName(path)) => new FileNotFoundException($"Could not find file '{path}'.", path),
                    2 or 20 => new DirectoryNotFoundException($"Could not find a part of the path '{path}'."),
                    1 or 13 => new UnauthorizedAccessException($"Access to the path '{path}' is denied."),
                    _ => new IOException($"Cannot open '{path}' (errno {error})."),
                };
            }

            // Buffered: zip readers and hashers read in small pieces.
            return new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle((IntPtr)descriptor, ownsHandle: true), FileAccess.Read, 4096);
        }

        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        private static extern int OpenCall([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
    }

    /// <summary>A read-only view that stops with PSF0012 once more than the cap has been read.</summary>
    private sealed class CappedStream : Stream
    {
        private readonly Stream inner;
        private readonly string path;
        private readonly InputKind kind;
        private readonly long cap;
        private long total;

        public CappedStream(Stream inner, string path, InputKind kind, long cap)
        {
            this.inner = inner;
            this.path = path;
            this.kind = kind;
            this.cap = cap;
        }

        public override bool CanRead => true;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            total += read;
            if ((inner.CanSeek ? inner.Position : total) > cap)
            {
                // Seeking readers (zip) may read some bytes twice: what counts is how far into the file they got.
                throw TooLarge(path, kind, cap);
            }

            return read;
        }

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>An input refused by <see cref="InputFile"/>: not a regular file, a dangling link, over its cap, or too slow.</summary>
internal sealed class InputRefusedException : BuildDiagnosticException
{
    internal InputRefusedException(BuildDiagnosticDescriptor descriptor, string path, InputKind kind, params object?[] arguments)
        : base(descriptor, descriptor.FormatMessage(arguments), path, inner: null) => Kind = kind;

    public InputKind Kind { get; }
}
