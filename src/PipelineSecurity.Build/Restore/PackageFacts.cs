using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Restore;

/// <summary>What a restored package's folder tells about it: its nuspec and the recorded hash of its nupkg.</summary>
internal sealed record PackageFacts
{
    public string? Description { get; init; }

    public string? Authors { get; init; }

    public string? Owners { get; init; }

    public string? Copyright { get; init; }

    public PackageLicense License { get; init; } = PackageLicense.None;

    public string? ProjectUrl { get; init; }

    public string? RepositoryUrl { get; init; }

    public string? RepositoryCommit { get; init; }

    public bool DevelopmentDependency { get; init; }

    /// <summary>
    /// SHA-512 of the nupkg file as downloaded, lower-case hex, from the <c>&lt;id&gt;.&lt;version&gt;.nupkg.sha512</c> file
    /// restore writes beside it (the value <c>sha512sum</c> gives), or of the nupkg's bytes when asked to hash them. Null
    /// when the recorded hash is absent or not a SHA-512.
    /// </summary>
    public string? NupkgSha512 { get; init; }
}

/// <summary>
/// The one reader of restored packages' nuspecs and cache files. A package missing from the packages folders is
/// PSF3001, a nuspec or nupkg that cannot be read is PSF3002, whoever asks (SBOM, policy); each is meant to be logged
/// once per build (<see cref="ShouldReport"/>). Thread-safe; results are cached by file path, length and write time, and
/// shared by the tasks of a build through <see cref="RestoreCache"/>.
/// </summary>
internal sealed class PackageFactsReader
{
    private readonly ConcurrentDictionary<string, Outcome> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _reported = new(StringComparer.Ordinal);

    /// <summary>The facts of <paramref name="package"/>; a coded <see cref="BuildDiagnosticException"/> when it is missing or damaged.</summary>
    public PackageFacts Read(RestoredPackage package, bool hashPackageFile = false)
    {
        var outcome = Get(package, hashPackageFile);
        return outcome.Facts ?? throw outcome.Damage!;
    }

    /// <summary>As <see cref="Read"/>, returning the damage instead of throwing it.</summary>
    public PackageFacts? TryRead(RestoredPackage package, out BuildDiagnosticException? damage, bool hashPackageFile = false)
    {
        var outcome = Get(package, hashPackageFile);
        damage = outcome.Damage;
        return outcome.Facts;
    }

    /// <summary>
    /// True the first time a given damage (code and file) is offered in this build: the task that gets true logs it,
    /// later tasks do not log it again (they still act on it).
    /// </summary>
    public bool ShouldReport(BuildDiagnosticException damage) => _reported.TryAdd(damage.Code + "|" + damage.File, 0);

    /// <summary>Licence files larger than this are not embedded (a licence is a few kilobytes; anything huge is not one).</summary>
    public const int MaximumLicenseTextBytes = 1024 * 1024;

    /// <summary>
    /// The text of a licence that is a file in the package, read from the extracted package folder; null when the file is
    /// absent, too large, or its path leaves the package folder (a nuspec names it, so it is not trusted as a path).
    /// </summary>
    public LicenseText? ReadLicenseText(RestoredPackage package, PackageLicense license)
    {
        if (license.Kind != PackageLicenseKind.File || string.IsNullOrWhiteSpace(license.Detail) || !package.Location.Found)
        {
            return null;
        }

        var folder = Path.GetFullPath(package.Folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
        string path;
        try
        {
            path = Path.GetFullPath(Path.Combine(folder, license.Detail!.Replace('\\', '/').TrimStart('/')));
        }
        catch (Exception failure) when (failure is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }

        if (!path.StartsWith(folder, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var file = new FileInfo(path);
            if (!file.Exists || file.Length > MaximumLicenseTextBytes)
            {
                return null;
            }

            var extension = Path.GetExtension(path).ToLowerInvariant();
            var contentType = extension switch
            {
                ".md" => "text/markdown",
                ".html" or ".htm" => "text/html",
                ".rtf" => "application/rtf",
                _ => "text/plain",
            };
            return new LicenseText(contentType, InputFile.ReadAllBytes(path, InputKind.PackageMetadata));
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or InputRefusedException)
        {
            return null;
        }
    }

    private Outcome Get(RestoredPackage package, bool hashPackageFile)
    {
        var nuspec = package.NuspecPath;
        var nuspecInfo = nuspec.Length == 0 ? null : new FileInfo(nuspec);
        if (nuspecInfo is null || !package.Location.Found || !nuspecInfo.Exists)
        {
            return new Outcome(null, Missing(package));
        }

        var hashFile = new FileInfo(hashPackageFile ? package.NupkgPath : package.Sha512Path);
        var key = string.Join("|", nuspec, nuspecInfo.Length, nuspecInfo.LastWriteTimeUtc.Ticks, hashPackageFile ? "hash" : "recorded",
            hashFile.Exists ? hashFile.Length : -1, hashFile.Exists ? hashFile.LastWriteTimeUtc.Ticks : 0);
        return _cache.GetOrAdd(key, _ => Load(package, hashPackageFile));
    }

    private static Outcome Load(RestoredPackage package, bool hashPackageFile)
    {
        XDocument document;
        try
        {
            // Through InputFile: a FIFO, a device, a dangling link or an oversized nuspec is refused with its own code.
            using var stream = new MemoryStream(InputFile.ReadAllBytes(package.NuspecPath, InputKind.PackageMetadata), writable: false);
            document = XDocument.Load(stream, LoadOptions.None);
        }
        catch (InputRefusedException refused)
        {
            return new Outcome(null, refused);
        }
        catch (Exception failure) when (failure is XmlException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return new Outcome(null, Damaged(package, "nuspec", package.NuspecPath, failure));
        }

        try
        {
            var nuspec = new NuspecReader(document);
            var repository = nuspec.GetRepositoryMetadata();
            string? sha512;
            try
            {
                sha512 = hashPackageFile ? HashNupkg(package.NupkgPath) : ReadRecordedHash(package.Sha512Path);
            }
            catch (InputRefusedException refused)
            {
                return new Outcome(null, refused);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
                return new Outcome(null, Damaged(package, "nupkg", package.NupkgPath, failure));
            }

            return new Outcome(
                new PackageFacts
                {
                    Description = Trimmed(nuspec.GetDescription()),
                    Authors = Trimmed(nuspec.GetAuthors()),
                    Owners = Trimmed(nuspec.GetOwners()),
                    Copyright = Trimmed(nuspec.GetCopyright()),
                    License = PackageLicense.FromNuspec(document),
                    ProjectUrl = Trimmed(nuspec.GetProjectUrl()),
                    RepositoryUrl = Trimmed(repository?.Url),
                    RepositoryCommit = Trimmed(repository?.Commit),
                    DevelopmentDependency = nuspec.GetDevelopmentDependency(),
                    NupkgSha512 = sha512,
                },
                null);
        }
        catch (Exception failure) when (failure is XmlException or InvalidDataException or PackagingException or FormatException or ArgumentException)
        {
            return new Outcome(null, Damaged(package, "nuspec", package.NuspecPath, failure));
        }
    }

    private static BuildDiagnosticException Missing(RestoredPackage package)
    {
        var relative = (package.Id + "/" + package.VersionText).ToLowerInvariant();
        var packagesFolder = package.Folder.Length == 0
            ? null
            : Path.GetDirectoryName(Path.GetDirectoryName(package.Folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)));
        return BuildDiagnostics.SbomPackageMissing.Failure(
            package.NuspecPath.Length > 0 ? package.NuspecPath : relative,
            package.Id, package.VersionText, relative + "/" + package.Id.ToLowerInvariant() + ".nuspec", packagesFolder ?? "no packages folder recorded");
    }

    private static BuildDiagnosticException Damaged(RestoredPackage package, string what, string path, Exception failure) =>
        BuildDiagnostics.SbomNuspecUnreadable.Failure(failure, path, what, package.Id, package.VersionText, failure.Message);

    private static string? HashNupkg(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = InputFile.OpenRead(path, InputKind.PackageArchive);
        using var sha512 = System.Security.Cryptography.SHA512.Create();
        return Hex.Lower(sha512.ComputeHash(stream));
    }

    /// <summary>The .nupkg.sha512 file holds the base64 SHA-512 of the nupkg bytes; CycloneDX wants hex.</summary>
    private static string? ReadRecordedHash(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(InputFile.ReadAllText(path, InputKind.PackageMetadata).Trim());
        }
        catch (FormatException)
        {
            return null;
        }

        return bytes.Length == 64 ? Hex.Lower(bytes) : null;
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

    private sealed record Outcome(PackageFacts? Facts, BuildDiagnosticException? Damage);
}

/// <summary>A licence text read from a package: its content type and bytes.</summary>
internal sealed record LicenseText(string ContentType, byte[] Content);
