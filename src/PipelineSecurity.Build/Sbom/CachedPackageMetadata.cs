using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Sbom;

/// <summary>What a package's folder in the package cache tells about it: its nuspec and the hash of its nupkg.</summary>
public sealed record CachedPackageMetadata
{
    public string? Description { get; init; }

    public string? Authors { get; init; }

    public string? Owners { get; init; }

    public string? Copyright { get; init; }

    public BomLicense? License { get; init; }

    public string? ProjectUrl { get; init; }

    public string? RepositoryUrl { get; init; }

    public string? RepositoryCommit { get; init; }

    public bool DevelopmentDependency { get; init; }

    /// <summary>
    /// SHA-512 of the nupkg file as downloaded, lower-case hex, from the <c>&lt;id&gt;.&lt;version&gt;.nupkg.sha512</c> file
    /// restore writes beside it: the value <c>sha512sum</c> gives for the nupkg. Null when that file is absent.
    /// </summary>
    public string? NupkgSha512 { get; init; }

    /// <summary>
    /// Reads the metadata of the package whose cache folder is <paramref name="relativePath"/> (restore's
    /// <c>libraries[*].path</c>, e.g. <c>newtonsoft.json/13.0.3</c>) from the first of <paramref name="packageFolders"/>
    /// holding it. A missing folder or a damaged nuspec is a coded error, never a guess. With <paramref name="hashPackageFile"/>
    /// the nupkg's bytes are hashed instead of trusting the recorded hash (slower; shows a nupkg changed in the cache).
    /// </summary>
    public static CachedPackageMetadata Read(IReadOnlyList<string> packageFolders, string id, string version, string relativePath, bool hashPackageFile = false)
    {
        string? nuspecPath = null;
        string? packageFolder = null;
        foreach (var root in packageFolders)
        {
            var folder = Path.Combine(root, relativePath);
            var candidate = Path.Combine(folder, id.ToLowerInvariant() + ".nuspec");
            if (File.Exists(candidate))
            {
                nuspecPath = candidate;
                packageFolder = folder;
                break;
            }
        }

        if (nuspecPath is null || packageFolder is null)
        {
            throw BuildDiagnostics.SbomPackageMissing.Failure(
                packageFolders.Count > 0 ? Path.Combine(packageFolders[0], relativePath) : relativePath,
                id, version, relativePath, string.Join(", ", packageFolders));
        }

        NuspecReader nuspec;
        try
        {
            nuspec = new NuspecReader(nuspecPath);
        }
        catch (Exception failure) when (failure is XmlException or InvalidDataException or PackagingException or IOException or UnauthorizedAccessException)
        {
            throw Damaged(nuspecPath, id, version, failure);
        }

        try
        {
            var repository = nuspec.GetRepositoryMetadata();
            return new CachedPackageMetadata
            {
                Description = NullIfEmpty(nuspec.GetDescription()),
                Authors = NullIfEmpty(nuspec.GetAuthors()),
                Owners = NullIfEmpty(nuspec.GetOwners()),
                Copyright = NullIfEmpty(nuspec.GetCopyright()),
                License = ReadLicense(nuspec),
                ProjectUrl = NullIfEmpty(nuspec.GetProjectUrl()),
                RepositoryUrl = NullIfEmpty(repository?.Url),
                RepositoryCommit = NullIfEmpty(repository?.Commit),
                DevelopmentDependency = nuspec.GetDevelopmentDependency(),
                NupkgSha512 = hashPackageFile ? HashNupkg(packageFolder, id, version) : ReadNupkgHash(packageFolder, id, version),
            };
        }
        catch (Exception failure) when (failure is XmlException or InvalidDataException or PackagingException or FormatException or ArgumentException)
        {
            throw Damaged(nuspecPath, id, version, failure);
        }
    }

    private static BomLicense? ReadLicense(NuspecReader nuspec)
    {
        // Read the element as written rather than through GetLicenseMetadata: that parses the expression against
        // NuGet's SPDX tables, which costs more start-up time than the rest of the SBOM, and the SBOM keeps it verbatim.
        var license = nuspec.Xml.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata")?
            .Elements().FirstOrDefault(e => e.Name.LocalName == "license");
        var type = license?.Attribute("type")?.Value;
        var value = NullIfEmpty(license?.Value);

        var url = NullIfEmpty(nuspec.GetLicenseUrl());
        if (url is not null && url.IndexOf("aka.ms/deprecateLicenseUrl", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            url = null;
        }

        if (value is not null && string.Equals(type, "expression", StringComparison.OrdinalIgnoreCase))
        {
            return new BomLicense(value, null, null);
        }

        if (value is not null && string.Equals(type, "file", StringComparison.OrdinalIgnoreCase))
        {
            // A licence text shipped in the package: name the file; keep the URL when the nuspec also gives one.
            return new BomLicense(null, "License file '" + value + "' in the package", url);
        }

        return url is null ? null : new BomLicense(null, null, url);
    }

    private static string? HashNupkg(string packageFolder, string id, string version)
    {
        var path = Path.Combine(packageFolder, (id + "." + version).ToLowerInvariant() + ".nupkg");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
            using var sha512 = System.Security.Cryptography.SHA512.Create();
            return Hex.Lower(sha512.ComputeHash(stream));
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw BuildDiagnostics.SbomNuspecUnreadable.Failure(failure, path, "nupkg", id, version, failure.Message);
        }
    }

    /// <summary>The .nupkg.sha512 file holds the base64 SHA-512 of the nupkg bytes; CycloneDX wants hex.</summary>
    private static string? ReadNupkgHash(string packageFolder, string id, string version)
    {
        var path = Path.Combine(packageFolder, (id + "." + version).ToLowerInvariant() + ".nupkg.sha512");
        if (!File.Exists(path))
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException)
        {
            return null;
        }

        return bytes.Length == 64 ? Hex.Lower(bytes) : null;
    }

    private static BuildDiagnosticException Damaged(string nuspecPath, string id, string version, Exception failure) =>
        BuildDiagnostics.SbomNuspecUnreadable.Failure(failure, nuspecPath, "nuspec", id, version, failure.Message);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}

internal static class Hex
{
    public static string Lower(byte[] bytes)
    {
        var chars = new char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = Digit(bytes[i] >> 4);
            chars[(2 * i) + 1] = Digit(bytes[i] & 0xF);
        }

        return new string(chars);
    }

    private static char Digit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);
}
