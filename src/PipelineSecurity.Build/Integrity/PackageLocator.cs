using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NuGet.LibraryModel;
using NuGet.Packaging;
using NuGet.ProjectModel;
using NuGet.Versioning;

namespace PipelineSecurity.Build.Integrity;

/// <summary>Lists the packages restore resolved (from project.assets.json) and finds each one's folder in the packages folders.</summary>
public static class PackageLocator
{
    /// <summary>
    /// Every package library of the assets file, once, sorted by id. A package found in none of the packages folders gets the
    /// first folder's expected path (its files are then reported missing by the checks).
    /// </summary>
    public static IReadOnlyList<CachedPackage> Locate(LockFile assets)
    {
        var folders = assets.PackageFolders.Select(f => f.Path).Where(p => !string.IsNullOrEmpty(p)).ToArray();
        var packages = new List<CachedPackage>();
        foreach (var library in assets.Libraries.Where(l => l.Type == LibraryType.Package && l.Name is not null && l.Version is not null)
                     .OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase).ThenBy(l => l.Version))
        {
            packages.Add(Locate(library.Name!, library.Version!, library.Sha512, folders));
        }

        return packages;
    }

    public static CachedPackage Locate(string id, NuGetVersion version, string? restoredContentHash, IReadOnlyList<string> packageFolders)
    {
        CachedPackage? first = null;
        foreach (var folder in packageFolders)
        {
            var resolver = new VersionFolderPathResolver(folder);
            var candidate = new CachedPackage(
                id,
                version.ToNormalizedString(),
                resolver.GetInstallPath(id, version),
                resolver.GetPackageFilePath(id, version),
                resolver.GetHashPath(id, version),
                resolver.GetNupkgMetadataPath(id, version),
                string.IsNullOrEmpty(restoredContentHash) ? null : restoredContentHash);
            if (File.Exists(candidate.NupkgPath) || Directory.Exists(candidate.Folder))
            {
                return candidate;
            }

            first ??= candidate;
        }

        return first ?? new CachedPackage(id, version.ToNormalizedString(), "", "", "", "", restoredContentHash);
    }
}
