using System;
using System.Collections.Generic;
using System.IO;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Policy.Advisories;

/// <summary>
/// The *.json files of an advisory folder, walked without leaving it: a link to a folder is not followed (a link to "/"
/// would walk the whole file system), a folder that cannot be listed is an error naming it, and the walk stops with an
/// error after <see cref="InputLimits.AdvisoryMaxFiles"/> files. Every failure is an <see cref="OsvDatabaseException"/>
/// (PSF6009), never an unexpected exception.
/// </summary>
internal static class OsvFolderListing
{
    public static IReadOnlyList<FileInfo> RecordFiles(string folder)
    {
        var files = new List<FileInfo>();
        foreach (var entry in Entries(folder, InputLimits.Current.AdvisoryMaxFiles))
        {
            if (entry is FileInfo file && file.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                files.Add(file);
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        return files;
    }

    /// <summary>Every entry under <paramref name="folder"/> (files, links to files and folders), walked as described above, at most <paramref name="limit"/>.</summary>
    public static List<FileSystemInfo> Entries(string folder, long limit)
    {
        var all = new List<FileSystemInfo>();
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(folder));
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            try
            {
                foreach (var entry in directory.EnumerateFileSystemInfos())
                {
                    if (all.Count >= limit)
                    {
                        throw new OsvDatabaseException(
                            $"the advisory folder '{folder}' holds more than {limit} entries, the limit (is 'advisories.database' the right folder?); raise it with the MSBuild property {InputLimits.AdvisoryMaxFilesProperty}",
                            folder,
                            null);
                    }

                    if ((entry.Attributes & FileAttributes.Directory) != 0)
                    {
                        if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
                        {
                            throw new OsvDatabaseException(
                                $"'{entry.FullName}' is a link to a folder; links inside the advisory folder are not followed (they can lead anywhere). Copy the records into the folder instead",
                                entry.FullName,
                                null);
                        }

                        pending.Push((DirectoryInfo)entry);
                    }

                    all.Add(entry);
                }
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                throw new OsvDatabaseException($"the advisory folder '{directory.FullName}' cannot be listed ({failure.Message}); check its permissions or point 'advisories.database' at the folder of OSV records", directory.FullName, null);
            }
        }

        return all;
    }
}
