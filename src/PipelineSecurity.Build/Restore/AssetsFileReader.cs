using System;
using System.Collections.Generic;
using System.IO;
using NuGet.Common;
using NuGet.ProjectModel;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Restore;

/// <summary>
/// Reads restore's project.assets.json with NuGet's own reader, turning every failure into a coded, actionable error.
/// Only <see cref="RestoredGraph"/> calls it: the tasks share the graph, never a parsed <see cref="LockFile"/> of their own.
/// </summary>
internal static class AssetsFileReader
{
    public static LockFile Read(string assetsFilePath)
    {
        if (string.IsNullOrWhiteSpace(assetsFilePath) || !File.Exists(assetsFilePath))
        {
            throw BuildDiagnostics.AssetsFileMissing.Failure(assetsFilePath, assetsFilePath);
        }

        return Parse(assetsFilePath);
    }

    private static LockFile Parse(string assetsFilePath)
    {
        LockFile? lockFile;
        try
        {
            var logger = new CollectingLogger();
            // Through InputFile: a FIFO, a device or an oversized file is refused with its own code (PSF0010-PSF0013).
            using var content = new MemoryStream(InputFile.ReadAllBytes(assetsFilePath, InputKind.AssetsFile), writable: false);
            lockFile = new LockFileFormat().Read(content, logger, assetsFilePath);
            if (logger.FirstError is { } error)
            {
                throw new InvalidDataException(error);
            }
        }
        catch (Exception failure) when (failure is not BuildDiagnosticException and not OutOfMemoryException)
        {
            throw Unreadable(assetsFilePath, failure.Message, failure);
        }

        // NuGet's reader returns an empty lock file for some damaged inputs rather than failing;
        // every assets file restore writes has a version, targets and the project's spec.
        if (lockFile is null || lockFile.Version <= 0 || lockFile.Targets is null || lockFile.Libraries is null || lockFile.PackageSpec is null)
        {
            throw Unreadable(assetsFilePath, "it has no version, targets or project section", inner: null);
        }

        return lockFile;
    }

    private static BuildDiagnosticException Unreadable(string path, string reason, Exception? inner) =>
        inner is null
            ? BuildDiagnostics.AssetsFileUnreadable.Failure(path, path, reason)
            : BuildDiagnostics.AssetsFileUnreadable.Failure(inner, path, path, reason);

    /// <summary>NuGet's reader reports some problems through its logger instead of throwing.</summary>
    private sealed class CollectingLogger : LoggerBase
    {
        public string? FirstError { get; private set; }

        public override void Log(ILogMessage message)
        {
            if (message.Level >= LogLevel.Error && FirstError is null)
            {
                FirstError = message.Message;
            }
        }

        public override System.Threading.Tasks.Task LogAsync(ILogMessage message)
        {
            Log(message);
            return System.Threading.Tasks.Task.CompletedTask;
        }
    }
}
