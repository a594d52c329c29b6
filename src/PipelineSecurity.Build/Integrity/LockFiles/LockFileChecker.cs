using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NuGet.LibraryModel;
using NuGet.ProjectModel;
using NuGet.Versioning;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Integrity.LockFiles;

/// <summary>What to compare: restore's graph, the lock file, and the content hash of each package as it is in the cache.</summary>
internal sealed record LockFileRequest(
    LockFile Assets,
    string LockFilePath,
    bool RequireLockFile,
    Func<string, string, string?> CachedContentHash);

/// <summary>
/// Checks packages.lock.json against the current restore (same packages, versions and content hashes; nothing missing or
/// extra; no floating versions) and against the packages folder (each pinned content hash equals the cached package's).
/// NuGet's locked mode compares the graph only; the bytes in the cache are this check's business.
/// </summary>
internal static class LockFileChecker
{
    public static IReadOnlyList<IntegrityFinding> Check(LockFileRequest request)
    {
        var path = request.LockFilePath;
        // Only a path with nothing at all is "no lock file": a dangling link, a folder or a FIFO there is refused by the
        // reader with its own code (PSF0011, PSF0010), never taken for an absent lock file.
        if (FileSystemEntry.Of(path) == FileSystemEntryType.Missing)
        {
            return request.RequireLockFile
                ? new[]
                {
                    IntegrityFinding.Create(BuildDiagnostics.LockFileMissing, path, id: null, version: null, path),
                }
                : Array.Empty<IntegrityFinding>();
        }

        var findings = new List<IntegrityFinding>();
        IReadOnlyList<LockedTarget> locked;
        try
        {
            locked = PackagesLockFileReader.Read(path);
        }
        catch (BuildDiagnosticException failure)
        {
            findings.Add(IntegrityFinding.From(failure, path));
            return findings;
        }

        var hashes = request.Assets.Libraries
            .Where(l => l.Type == LibraryType.Package && l.Name is not null && l.Version is not null)
            .GroupBy(l => Key(l.Name!, l.Version!.ToNormalizedString()), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (string?)g.First().Sha512, StringComparer.Ordinal);

        foreach (var target in request.Assets.Targets.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var rid = string.IsNullOrEmpty(target.RuntimeIdentifier) ? null : target.RuntimeIdentifier;
            var lockedTarget = locked.FirstOrDefault(t => t.Framework.Equals(target.TargetFramework) && string.Equals(t.RuntimeIdentifier, rid, StringComparison.OrdinalIgnoreCase));
            var targetName = target.TargetFramework.GetShortFolderName() + (rid is null ? "" : "/" + rid);
            if (lockedTarget is null)
            {
                findings.Add(OutOfDate(path, 0, null, null, $"it has no section for the target {targetName} that restore resolved"));
                continue;
            }

            CheckTarget(request, path, target, lockedTarget, targetName, hashes, findings);
        }

        foreach (var extra in locked.Where(t => !request.Assets.Targets.Any(a => a.TargetFramework.Equals(t.Framework)
                                                    && string.Equals(string.IsNullOrEmpty(a.RuntimeIdentifier) ? null : a.RuntimeIdentifier, t.RuntimeIdentifier, StringComparison.OrdinalIgnoreCase))))
        {
            findings.Add(OutOfDate(path, extra.Packages.FirstOrDefault()?.Line ?? 0, null, null, $"it pins the target {extra.Name}, which the project no longer restores"));
        }

        return findings;
    }

    private static void CheckTarget(LockFileRequest request, string path, LockFileTarget target, LockedTarget lockedTarget, string targetName, Dictionary<string, string?> hashes, List<IntegrityFinding> findings)
    {
        var pinned = new Dictionary<string, LockedPackage>(StringComparer.OrdinalIgnoreCase);
        foreach (var package in lockedTarget.Packages)
        {
            pinned[package.Id] = package;
        }

        foreach (var library in target.Libraries.Where(l => l.Type == LibraryType.Package && l.Name is not null && l.Version is not null))
        {
            var id = library.Name!;
            var version = library.Version!.ToNormalizedString();
            if (!pinned.TryGetValue(id, out var entry))
            {
                findings.Add(OutOfDate(path, 0, id, version, $"restore resolved {id} {version} for {targetName}, which the lock file does not pin"));
                continue;
            }

            pinned.Remove(id);
            if (!SameVersion(entry.Resolved, library.Version!))
            {
                findings.Add(OutOfDate(path, entry.Line, id, version, $"it pins {id} {entry.Resolved ?? "(no version)"} for {targetName}, but restore resolved {version}"));
                continue;
            }

            if (entry.Type.Equals("Direct", StringComparison.OrdinalIgnoreCase) && IsFloating(entry.Requested))
            {
                findings.Add(IntegrityFinding.AtLine(BuildDiagnostics.LockFileFloatingVersion, path, entry.Line, id, version, id, entry.Requested, version, targetName));
            }

            hashes.TryGetValue(Key(id, version), out var restoredHash);
            if (entry.ContentHash is null)
            {
                findings.Add(OutOfDate(path, entry.Line, id, version, $"its entry for {id} {version} ({targetName}) has no contentHash"));
            }
            else if (restoredHash is not null && !string.Equals(entry.ContentHash, restoredHash, StringComparison.Ordinal))
            {
                findings.Add(OutOfDate(path, entry.Line, id, version, $"its contentHash for {id} {version} differs from the one restore recorded in project.assets.json"));
            }
            else if (request.CachedContentHash(id, version) is { } cached && !string.Equals(entry.ContentHash, cached, StringComparison.Ordinal))
            {
                findings.Add(IntegrityFinding.AtLine(BuildDiagnostics.LockFileContentHashMismatch, path, entry.Line, id, version, id, version));
            }
        }

        foreach (var extra in pinned.Values.Where(p => !p.Type.Equals("Project", StringComparison.OrdinalIgnoreCase)).OrderBy(p => p.Line))
        {
            findings.Add(OutOfDate(path, extra.Line, extra.Id, extra.Resolved, $"it pins {extra.Id} {extra.Resolved} for {targetName}, which restore did not resolve"));
        }
    }

    private static bool SameVersion(string? resolved, NuGetVersion version) =>
        resolved is not null && NuGetVersion.TryParse(resolved, out var pinned) && pinned.Equals(version);

    private static bool IsFloating(string? requested) =>
        requested is not null && VersionRange.TryParse(requested, allowFloating: true, out var range) && range.IsFloating;

    private static string Key(string id, string version) => id.ToLowerInvariant() + "/" + version;

    private static IntegrityFinding OutOfDate(string path, int line, string? id, string? version, string what) =>
        IntegrityFinding.AtLine(BuildDiagnostics.LockFileOutOfDate, path, line, id, version, what);
}
