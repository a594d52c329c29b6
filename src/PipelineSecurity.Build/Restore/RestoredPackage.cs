using System;
using System.Collections.Generic;
using System.IO;
using NuGet.Packaging;
using NuGet.Versioning;

namespace PipelineSecurity.Build.Restore;

/// <summary>
/// A package restore resolved for the project, once per id and version whatever the number of target frameworks, and
/// where restore put it: <c>&lt;packages folder&gt;/&lt;id&gt;/&lt;version&gt;/</c> holding the .nupkg, its .nupkg.sha512,
/// .nupkg.metadata, the nuspec and the extracted files. Integrity, SBOM, policy and report all use this one type.
/// </summary>
internal sealed record RestoredPackage
{
    public RestoredPackage(string id, NuGetVersion version, bool direct = false, IReadOnlyList<string>? frameworks = null)
    {
        Id = id;
        Version = version;
        VersionText = version.ToNormalizedString();
        Direct = direct;
        Frameworks = frameworks ?? Array.Empty<string>();
    }

    public string Id { get; }

    public NuGetVersion Version { get; }

    /// <summary>The normalized version, as restore writes it in paths and the lock file.</summary>
    public string VersionText { get; }

    /// <summary>The project references the package itself in at least one target framework.</summary>
    public bool Direct { get; init; }

    /// <summary>Short names of the target frameworks whose graph holds the package, sorted.</summary>
    public IReadOnlyList<string> Frameworks { get; init; }

    /// <summary>NuGet's content hash recorded by restore (<c>libraries[*].sha512</c>); null when absent.</summary>
    public string? ContentHash { get; init; }

    /// <summary>Where the package is in the packages folders (see <see cref="PackagesFolderLocator"/>).</summary>
    public PackageLocation Location { get; init; } = PackageLocation.Nowhere;

    public string Folder => Location.Folder;

    public string NupkgPath => Location.NupkgPath;

    public string Sha512Path => Location.Sha512Path;

    public string MetadataPath => Location.MetadataPath;

    public string NuspecPath => Location.NuspecPath;

    /// <summary>"Id Version", for messages.</summary>
    public string DisplayName => Id + " " + VersionText;

    /// <summary>"Id@Version", the policy's way of naming a package.</summary>
    public string Subject => Id + "@" + VersionText;
}

/// <summary>A package's place in a packages folder; <see cref="Found"/> is false when no packages folder holds it.</summary>
internal sealed record PackageLocation(string Folder, string NupkgPath, string Sha512Path, string MetadataPath, string NuspecPath, bool Found)
{
    public static readonly PackageLocation Nowhere = new("", "", "", "", "", Found: false);
}

/// <summary>The one way to find a restored package in the packages folders, with NuGet's own path rules (lower-case id and version).</summary>
internal static class PackagesFolderLocator
{
    /// <summary>
    /// The first of <paramref name="packageFolders"/> that holds the package's folder or nupkg; when none does, the first
    /// folder's expected paths with <see cref="PackageLocation.Found"/> false (so messages can name where it should be).
    /// </summary>
    public static PackageLocation Locate(string id, NuGetVersion version, IReadOnlyList<string> packageFolders)
    {
        PackageLocation? first = null;
        foreach (var root in packageFolders)
        {
            if (string.IsNullOrEmpty(root))
            {
                continue;
            }

            var resolver = new VersionFolderPathResolver(root);
            var folder = resolver.GetInstallPath(id, version);
            var nupkg = resolver.GetPackageFilePath(id, version);
            var found = Directory.Exists(folder) || File.Exists(nupkg);
            var location = new PackageLocation(
                folder,
                nupkg,
                resolver.GetHashPath(id, version),
                resolver.GetNupkgMetadataPath(id, version),
                resolver.GetManifestFilePath(id, version),
                found);
            if (found)
            {
                return location;
            }

            first ??= location;
        }

        return first ?? PackageLocation.Nowhere;
    }
}
