using System;
using System.IO;

namespace PipelineSecurity.Build.CodeScanning;

/// <summary>
/// The folder SARIF URIs are relative to (<c>%SRCROOT%</c>) and baseline paths are written against: the repository's
/// root (the nearest folder above the project holding <c>.git</c>), or a folder the build names.
/// </summary>
internal sealed class SourceRoot
{
    public SourceRoot(string path)
    {
        FullPath = Path.GetFullPath(path).Replace('\\', '/').TrimEnd('/') + "/";
    }

    /// <summary>With a trailing '/', '/' separators.</summary>
    public string FullPath { get; }

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds <c>.git</c> (a folder, or a file in a worktree), else null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        var directory = new DirectoryInfo(Path.GetFullPath(start));
        while (directory is not null)
        {
            var git = Path.Combine(directory.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return directory.FullName;
            }

            directory = directory.Parent;
        }

        return null;
    }

    /// <summary>The path relative to the root with '/' separators, or the full path ('/' separators) when it lies outside; null for null.</summary>
    public string? Relative(string? file)
    {
        if (string.IsNullOrEmpty(file))
        {
            return null;
        }

        var full = Path.GetFullPath(file).Replace('\\', '/');
        var comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return full.StartsWith(FullPath, comparison) ? full.Substring(FullPath.Length) : full;
    }

    public bool Contains(string file) => !Path.IsPathRooted(Relative(file) ?? "/");

    public Uri Uri => new(FullPath.StartsWith("/", StringComparison.Ordinal) ? "file://" + FullPath : "file:///" + FullPath);
}
