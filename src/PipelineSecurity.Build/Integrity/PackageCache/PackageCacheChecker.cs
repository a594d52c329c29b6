using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PipelineSecurity.Build.Restore;

namespace PipelineSecurity.Build.Integrity.PackageCache;

/// <summary>
/// Checks that a package's folder in the packages folder still holds what restore put there: the .nupkg against the SHA-512
/// NuGet recorded beside it, the recorded content hash against restore's, and every extracted file against the .nupkg's entry.
/// NuGet itself checks hashes only when it extracts, so a file changed afterwards goes unnoticed by restore and locked mode.
/// </summary>
public static class PackageCacheChecker
{
    /// <param name="nupkgSha512">Base64 SHA-512 of the .nupkg bytes as they are now.</param>
    /// <param name="contentHash">NuGet's content hash of the .nupkg as it is now (signature excluded).</param>
    /// <param name="entries">The digests of the files inside the .nupkg.</param>
    public static IReadOnlyList<IntegrityFinding> Check(RestoredPackage package, string nupkgSha512, string? contentHash, IReadOnlyDictionary<string, FileDigest> entries)
    {
        var findings = new List<IntegrityFinding>();
        try
        {
            CheckRecordedSha512(package, nupkgSha512, findings);
            CheckContentHash(package, contentHash, findings);
            CheckExtractedFiles(package, entries, findings);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            findings.Add(IntegrityFinding.Create(
                BuildDiagnostics.PackageCacheUnreadable, package.Folder, package.Id, package.VersionText,
                "cached files", package.DisplayName, package.Folder, failure.Message));
        }

        return findings;
    }

    private static void CheckRecordedSha512(RestoredPackage package, string actual, List<IntegrityFinding> findings)
    {
        if (!File.Exists(package.Sha512Path))
        {
            findings.Add(Mismatch(package, package.Sha512Path, $"its recorded hash file '{Path.GetFileName(package.Sha512Path)}' is missing"));
            return;
        }

        var recorded = File.ReadAllText(package.Sha512Path).Trim();
        if (!string.Equals(recorded, actual, StringComparison.Ordinal))
        {
            findings.Add(Mismatch(package, package.NupkgPath, "the .nupkg's SHA-512 differs from the one recorded when it was restored (the .nupkg was changed or replaced)"));
        }
    }

    private static void CheckContentHash(RestoredPackage package, string? actual, List<IntegrityFinding> findings)
    {
        var recorded = ReadMetadataContentHash(package);
        if (recorded is null)
        {
            findings.Add(Mismatch(package, package.MetadataPath, "its '.nupkg.metadata' file, which records the content hash, is missing or unreadable"));
            return;
        }

        if (package.ContentHash is not null && !string.Equals(recorded, package.ContentHash, StringComparison.Ordinal))
        {
            findings.Add(Mismatch(package, package.MetadataPath, "the content hash in '.nupkg.metadata' differs from the one in project.assets.json (the cache changed since this project was restored)"));
        }
        else if (actual is not null && !string.Equals(recorded, actual, StringComparison.Ordinal))
        {
            findings.Add(Mismatch(package, package.NupkgPath, "the .nupkg's content hash differs from the one recorded in '.nupkg.metadata' when it was restored"));
        }
    }

    private static void CheckExtractedFiles(RestoredPackage package, IReadOnlyDictionary<string, FileDigest> entries, List<IntegrityFinding> findings)
    {
        var onDisk = ExtractedFiles(package);
        var changed = new List<string>();
        var missing = new List<string>();
        foreach (var entry in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var relative = entry.Key == PackageFileDigests.NuspecKey ? onDisk.Keys.FirstOrDefault(IsRootNuspec) : entry.Key;
            if (relative is null || !onDisk.TryGetValue(relative, out var fullPath))
            {
                missing.Add(entry.Key == PackageFileDigests.NuspecKey ? "the .nuspec" : entry.Key);
                continue;
            }

            onDisk.Remove(relative);
            var info = new FileInfo(fullPath);
            if (info.Length != entry.Value.Length || PackageFileDigests.DigestOfFile(fullPath).Sha256 != entry.Value.Sha256)
            {
                changed.Add(relative);
            }
        }

        var extra = onDisk.Keys.Where(key => !IsRootNuspec(key)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        Report(package, changed, "differ from the .nupkg's copy", findings);
        Report(package, extra, "are not in the .nupkg (files were added to the package folder)", findings);
        Report(package, missing, "are missing from the package folder", findings);
    }

    private static void Report(RestoredPackage package, List<string> files, string what, List<IntegrityFinding> findings)
    {
        if (files.Count == 0)
        {
            return;
        }

        var shown = string.Join(", ", files.Take(5)) + (files.Count > 5 ? $" and {files.Count - 5} more" : "");
        findings.Add(IntegrityFinding.Create(
            BuildDiagnostics.PackageCacheFileTampered, Path.Combine(package.Folder, files[0]), package.Id, package.VersionText,
            package.DisplayName, files.Count, what, shown, package.Folder));
    }

    /// <summary>Files of the package folder except NuGet's own bookkeeping, keyed by '/'-separated relative path.</summary>
    private static Dictionary<string, string> ExtractedFiles(RestoredPackage package)
    {
        var bookkeeping = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            Path.GetFileName(package.NupkgPath), Path.GetFileName(package.Sha512Path), Path.GetFileName(package.MetadataPath),
        };
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var root = package.Folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = file.Substring(root.Length + 1).Replace('\\', '/');
            if (!bookkeeping.Contains(relative))
            {
                files[relative] = file;
            }
        }

        return files;
    }

    private static bool IsRootNuspec(string relative) =>
        relative.IndexOf('/') < 0 && relative.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase);

    public static string? ReadMetadataContentHash(RestoredPackage package)
    {
        if (!File.Exists(package.MetadataPath))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(package.MetadataPath));
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("contentHash", out var hash) && hash.ValueKind == JsonValueKind.String
                ? hash.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IntegrityFinding Mismatch(RestoredPackage package, string file, string what) =>
        IntegrityFinding.Create(BuildDiagnostics.PackageCacheHashMismatch, file, package.Id, package.VersionText, package.DisplayName, what, package.Folder);
}
