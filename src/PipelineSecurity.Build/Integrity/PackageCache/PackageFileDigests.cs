using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Integrity.PackageCache;

/// <summary>A file's size and SHA-256, as stored in the package and compared with what lies extracted in the cache.</summary>
internal sealed record FileDigest(long Length, string Sha256);

/// <summary>Hashes: the raw .nupkg, each file inside it, and each file extracted from it.</summary>
internal static class PackageFileDigests
{
    /// <summary>Base64 SHA-512 of the raw bytes: what NuGet writes to &lt;id&gt;.&lt;version&gt;.nupkg.sha512.</summary>
    public static string Sha512OfFile(string path)
    {
        using var stream = InputFile.OpenRead(path, InputKind.PackageArchive);
        using var sha = SHA512.Create();
        return Convert.ToBase64String(sha.ComputeHash(stream));
    }

    public static FileDigest DigestOfFile(string path)
    {
        using var stream = InputFile.OpenRead(path, InputKind.PackageArchive);
        using var sha = SHA256.Create();
        return new FileDigest(stream.Length, Convert.ToBase64String(sha.ComputeHash(stream)));
    }

    /// <summary>
    /// The files NuGet extracts from a package, keyed by their path in the package folder ('/' separators, unescaped),
    /// with their digests. OPC plumbing ([Content_Types].xml, _rels/, package/) is never extracted; the nuspec is keyed as
    /// "*.nuspec" because NuGet renames it to the lower-case id on extraction.
    /// </summary>
    public static Dictionary<string, FileDigest> DigestsOfEntries(string nupkgPath)
    {
        var digests = new Dictionary<string, FileDigest>(StringComparer.Ordinal);
        using var stream = InputFile.OpenRead(nupkgPath, InputKind.PackageArchive);
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read);
        using var sha = SHA256.Create();
        foreach (var entry in archive.Entries)
        {
            if (entry.FullName.EndsWith("/", StringComparison.Ordinal) || IsPackagingFile(entry.FullName))
            {
                continue;
            }

            var path = ExtractedPath(entry.FullName);
            using var content = entry.Open();
            var hash = sha.ComputeHash(content);
            digests[path] = new FileDigest(entry.Length, Convert.ToBase64String(hash));
        }

        return digests;
    }

    public const string NuspecKey = "*.nuspec";

    private static string ExtractedPath(string entryName)
    {
        var path = Uri.UnescapeDataString(entryName.Replace('\\', '/'));
        return path.IndexOf('/') < 0 && path.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase) ? NuspecKey : path;
    }

    private static bool IsPackagingFile(string name) =>
        name.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("_rels/", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("package/", StringComparison.OrdinalIgnoreCase);
}
