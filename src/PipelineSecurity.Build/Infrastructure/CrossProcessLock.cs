using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace PipelineSecurity.Build.Infrastructure;

/// <summary>
/// A lock shared by every build process on the machine for one file (a baseline several projects update, a merged
/// SARIF file, the CI job summary): an exclusively opened lock file under the temp folder, named after the guarded
/// file's full path so that nothing is left beside it. The lock file is never deleted (deleting it would let two
/// processes hold different files); the operating system releases it when the process ends.
/// </summary>
internal sealed class CrossProcessLock : IDisposable
{
    private readonly FileStream _stream;

    private CrossProcessLock(FileStream stream) => _stream = stream;

    public static CrossProcessLock Acquire(string guardedFile, TimeSpan timeout)
    {
        var full = Path.GetFullPath(guardedFile);
        var name = Hex(SHA256Hash(Path.DirectorySeparatorChar == '\\' ? full.ToUpperInvariant() : full)).Substring(0, 32);
        var folder = Path.Combine(Path.GetTempPath(), "pipeline-security-locks");
        var path = Path.Combine(folder, name + ".lock");
        var deadline = DateTime.UtcNow + timeout;
        var wait = 10;
        while (true)
        {
            try
            {
                Directory.CreateDirectory(folder);
                return new CrossProcessLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(wait);
                wait = Math.Min(wait * 2, 200);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
                throw BuildDiagnostics.OutputNotWritten.Failure(failure, full, full, $"it could not be locked within {timeout.TotalSeconds:0} s ({failure.Message}): another build may be stuck holding it. Retry the build.");
            }
        }
    }

    public void Dispose() => _stream.Dispose();

    private static byte[] SHA256Hash(string text)
    {
        using var sha = SHA256.Create();
        return sha.ComputeHash(Encoding.UTF8.GetBytes(text));
    }

    private static string Hex(byte[] bytes)
    {
        var builder = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            builder.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
