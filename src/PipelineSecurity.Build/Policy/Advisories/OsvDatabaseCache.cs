using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace PipelineSecurity.Build.Policy.Advisories;

/// <summary>
/// Keeps the parsed advisory database in the build process between projects and builds: MSBuild reuses its nodes, and
/// a full export of the GitHub database (thousands of records) costs about half a second to parse. The key is the
/// folder's listing (every file's path, size and last write time), which is cheap to take and changes with any update.
/// </summary>
internal static class OsvDatabaseCache
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, (string Key, OsvDatabase Database)> Entries = new(StringComparer.Ordinal);

    public static OsvDatabase Get(string folder)
    {
        var fullPath = Path.GetFullPath(folder);
        if (!Directory.Exists(fullPath))
        {
            return OsvDatabaseReader.ReadFolder(fullPath);
        }

        var key = ListingKey(fullPath);
        lock (Gate)
        {
            if (Entries.TryGetValue(fullPath, out var entry) && entry.Key == key)
            {
                return entry.Database;
            }
        }

        var database = OsvDatabaseReader.ReadFolder(fullPath);
        lock (Gate)
        {
            Entries[fullPath] = (key, database);
        }

        return database;
    }

    private static string ListingKey(string folder)
    {
        var files = OsvFolderListing.RecordFiles(folder);
        var key = new System.Text.StringBuilder();
        foreach (var file in files)
        {
            key.Append(file.FullName).Append('|').Append(file.Length).Append('|').Append(file.LastWriteTimeUtc.Ticks).Append('\n');
        }

        return key.ToString();
    }
}
