using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Restore;

namespace PipelineSecurity.Build.Integrity.PackageCache;

/// <summary>
/// Checks that a package's folder in the packages folder still holds what restore put there: the .nupkg against the SHA-512
/// NuGet recorded beside it, the recorded content hash against restore's, and every extracted file against the .nupkg's entry.
/// NuGet itself checks hashes only when it extracts, so a file changed afterwards goes unnoticed by restore and locked mode.
/// </summary>
internal static class PackageCacheChecker
{
    /// <param name="nupkgSha512">Base64 SHA-512 of the .nupkg bytes as they are now.</param>
    /// <param name="contentHash">NuGet's content hash of the .nupkg as it is now (signature excluded).</param>
    /// <param name="entries">The digests of the files inside the .nupkg.</param>
    public static IReadOnlyList<IntegrityFinding> Check(RestoredPackage package, string nupkgSha512, string? contentHash, IReadOnlyDictionary<string, FileDigest> entries) =>
        Check(package, nupkgSha512, contentHash, entries, KnownFiles.None).Findings;

    /// <summary>
    /// As <see cref="Check(RestoredPackage, string, string?, IReadOnlyDictionary{string, FileDigest})"/>, but an extracted file whose
    /// change stamp equals the one it had when it was last found equal to its entry is not read again; every other file is.
    /// The result names the files found equal this time, with their settled stamps, for the next check.
    /// </summary>
    public static PackageCacheCheck Check(RestoredPackage package, string nupkgSha512, string? contentHash, IReadOnlyDictionary<string, FileDigest> entries, KnownFiles known)
    {
        var findings = new List<IntegrityFinding>();
        var result = new PackageCacheCheck(findings);
        try
        {
            CheckRecordedSha512(package, nupkgSha512, findings);
            CheckContentHash(package, contentHash, findings);
            CheckExtractedFiles(package, entries, known, result);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            findings.Add(IntegrityFinding.Create(
                BuildDiagnostics.PackageCacheUnreadable, package.Folder, package.Id, package.VersionText,
                "cached files", package.DisplayName, package.Folder, failure.Message));
        }

        return result;
    }

    private static void CheckRecordedSha512(RestoredPackage package, string actual, List<IntegrityFinding> findings)
    {
        if (!File.Exists(package.Sha512Path))
        {
            findings.Add(Mismatch(package, package.Sha512Path, $"its recorded hash file '{Path.GetFileName(package.Sha512Path)}' is missing"));
            return;
        }

        string recorded;
        try
        {
            recorded = InputFile.ReadAllText(package.Sha512Path, InputKind.PackageMetadata).Trim();
        }
        catch (InputRefusedException refused)
        {
            findings.Add(IntegrityFinding.From(refused, package.Sha512Path) with { PackageId = package.Id, PackageVersion = package.VersionText });
            return;
        }

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

    private static void CheckExtractedFiles(RestoredPackage package, IReadOnlyDictionary<string, FileDigest> entries, KnownFiles known, PackageCacheCheck result)
    {
        var listing = ExtractedFiles(package);
        var special = new HashSet<string>(listing.Special.ConvertAll(e => e.RelativePath), StringComparer.Ordinal);
        var changed = new List<string>();

        // A link or special file where the .nupkg has a file is a changed file (PSF5011); any other one is PSF5013.
        foreach (var inPlaceOfAFile in listing.Special.Where(e => entries.ContainsKey(e.RelativePath)).ToList())
        {
            changed.Add(inPlaceOfAFile.RelativePath);
            listing.Special.Remove(inPlaceOfAFile);
        }

        if (ReportWalk(package, listing, result.Findings))
        {
            return;
        }

        var onDisk = listing.Files;
        var missing = new List<string>();
        foreach (var entry in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var relative = entry.Key == PackageFileDigests.NuspecKey ? onDisk.Keys.FirstOrDefault(IsRootNuspec) : entry.Key;
            if (relative is null || !onDisk.TryGetValue(relative, out var fullPath))
            {
                if (relative is not null && special.Contains(relative))
                {
                    continue; // a link or special file in its place: reported as changed, never opened
                }

                missing.Add(entry.Key == PackageFileDigests.NuspecKey ? "the .nuspec" : entry.Key);
                continue;
            }

            onDisk.Remove(relative);
            var stamp = FileChangeStamp.TryGet(fullPath);
            if (stamp is { IsRegularFile: false })
            {
                // A FIFO, device or symbolic link where restore wrote a file: changed, and never opened (a FIFO would block).
                changed.Add(relative);
                continue;
            }

            if (stamp is { } unchanged && known.Stamps.TryGetValue(relative, out var before) && before == unchanged && unchanged.Size == entry.Value.Length)
            {
                result.Verified[relative] = unchanged;
                continue;
            }

            result.FilesHashed++;
            if (new FileInfo(fullPath).Length != entry.Value.Length || PackageFileDigests.DigestOfFile(fullPath).Sha256 != entry.Value.Sha256)
            {
                changed.Add(relative);
            }
            else if (stamp is { } settled && settled.SettledBefore(known.CheckStartedUtc))
            {
                result.Verified[relative] = settled;
            }
        }

        var extra = onDisk.Keys.Where(key => !IsRootNuspec(key)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        Report(package, changed, "differ from the .nupkg's copy", result.Findings);
        Report(package, extra, "are not in the .nupkg (files were added to the package folder)", result.Findings);
        Report(package, missing, "are missing from the package folder", result.Findings);
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

    /// <summary>
    /// Files of the package folder except NuGet's own bookkeeping, keyed by '/'-separated relative path, from a walk that
    /// never leaves the folder and is bounded (<see cref="PackageFolderWalker"/>).
    /// </summary>
    private static PackageFolderListing ExtractedFiles(RestoredPackage package)
    {
        var bookkeeping = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            Path.GetFileName(package.NupkgPath), Path.GetFileName(package.Sha512Path), Path.GetFileName(package.MetadataPath),
        };
        return PackageFolderWalker.Walk(package.Folder, bookkeeping);
    }

    /// <summary>Reports links and special files (PSF5013) and a walk stopped at its limit (PSF5014); true when the listing cannot be compared.</summary>
    private static bool ReportWalk(RestoredPackage package, PackageFolderListing listing, List<IntegrityFinding> findings)
    {
        if (listing.Special.Count > 0)
        {
            var first = listing.Special[0];
            var shown = string.Join(", ", listing.Special.Take(5).Select(e => e.RelativePath)) + (listing.Special.Count > 5 ? $" and {listing.Special.Count - 5} more" : "");
            findings.Add(IntegrityFinding.Create(
                BuildDiagnostics.PackageFolderLink,
                first.RelativePath == "." ? package.Folder : Path.Combine(package.Folder, first.RelativePath),
                package.Id,
                package.VersionText,
                package.DisplayName,
                listing.Special.Count == 1 ? FileSystemEntry.Describe(first.Type) : $"{listing.Special.Count} links or special files",
                shown,
                first.LinkTarget is { } target ? $" (a link to '{target}')" : "",
                package.Folder));
        }

        if (listing.StoppedAt is { } limit)
        {
            findings.Add(IntegrityFinding.Create(
                BuildDiagnostics.PackageFolderTooLarge, package.Folder, package.Id, package.VersionText,
                package.DisplayName, limit, package.Folder,
                limit.EndsWith("folders", StringComparison.Ordinal) ? InputLimits.PackageFolderMaxFilesProperty : InputLimits.PackageFolderMaxBytesProperty));
            return true;
        }

        return listing.Special.Any(e => e.RelativePath == ".");
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
            using var document = JsonDocument.Parse(InputFile.ReadAllBytes(package.MetadataPath, InputKind.PackageMetadata));
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("contentHash", out var hash) && hash.ValueKind == JsonValueKind.String
                ? hash.GetString()
                : null;
        }
        catch (Exception unusable) when (unusable is JsonException or InputRefusedException)
        {
            return null;
        }
    }

    private static IntegrityFinding Mismatch(RestoredPackage package, string file, string what) =>
        IntegrityFinding.Create(BuildDiagnostics.PackageCacheHashMismatch, file, package.Id, package.VersionText, package.DisplayName, what, package.Folder);
}

/// <summary>
/// Extracted files found equal to their .nupkg entry at an earlier check, with the change stamp they had then, and when
/// this check started (a stamp newer than that, less a margin, is not kept: the file may still be changing).
/// </summary>
internal sealed record KnownFiles(IReadOnlyDictionary<string, FileChangeStamp> Stamps, DateTime CheckStartedUtc)
{
    public static readonly KnownFiles None = new(new Dictionary<string, FileChangeStamp>(), DateTime.MinValue);
}

/// <summary>The findings of one package-cache check, the files it found equal (with their stamps) and how many it read.</summary>
internal sealed class PackageCacheCheck
{
    public PackageCacheCheck(List<IntegrityFinding> findings) => Findings = findings;

    public List<IntegrityFinding> Findings { get; }

    public Dictionary<string, FileChangeStamp> Verified { get; } = new(StringComparer.Ordinal);

    public int FilesHashed { get; set; }
}
