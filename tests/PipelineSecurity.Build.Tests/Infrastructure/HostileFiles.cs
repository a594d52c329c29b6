using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

namespace PipelineSecurity.Build.Tests.Infrastructure;

/// <summary>FIFOs, links and devices for the hostile-input tests (issue 12), made with the operating system's own tools.</summary>
internal static class HostileFiles
{
    public static bool HasFifos => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    /// <summary>A zero-length device that never ends: reads return zeros forever, its reported length is 0.</summary>
    public const string EndlessDevice = "/dev/zero";

    /// <summary>Makes a named pipe with mkfifo(1); opening it for reading blocks until a writer comes.</summary>
    public static string MakeFifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo", "\"" + path + "\"") { UseShellExecute = false })!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("mkfifo failed for " + path);
        }

        return path;
    }

    public static string MakeSymbolicLink(string path, string target)
    {
        File.CreateSymbolicLink(path, target);
        return path;
    }

    public static string MakeDirectorySymbolicLink(string path, string target)
    {
        Directory.CreateSymbolicLink(path, target);
        return path;
    }
}
