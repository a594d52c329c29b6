using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NuGet.Frameworks;
using NuGet.LibraryModel;
using NuGet.ProjectModel;
using NuGet.Versioning;

namespace PipelineSecurity.Build.Restore;

/// <summary>
/// What restore resolved for one project, read once from project.assets.json: every package (id, version, place in the
/// packages folders, content hash, direct or not), and per target (framework, optional runtime identifier) the
/// packages and projects with their edges, whether the project references each directly and with which asset flags,
/// and what each copies to the output. Integrity, SBOM, policy and the package report are projections of it, so they
/// cannot disagree about what "direct" or "where the package is" means. Immutable once built; tasks of one build share
/// it through <see cref="RestoreCache"/>.
/// </summary>
internal sealed class RestoredGraph
{
    private readonly Dictionary<string, RestoredPackage> _packagesByKey;

    private RestoredGraph(
        string assetsFilePath,
        LockFile assets,
        IReadOnlyList<string> packageFolders,
        IReadOnlyList<RestoredPackage> packages,
        IReadOnlyList<RestoredTarget> targets)
    {
        AssetsFilePath = assetsFilePath;
        Assets = assets;
        PackageFolders = packageFolders;
        Packages = packages;
        Targets = targets;
        _packagesByKey = packages.ToDictionary(p => Key(p.Id, p.Version), StringComparer.OrdinalIgnoreCase);
    }

    public string AssetsFilePath { get; }

    /// <summary>
    /// NuGet's parsed assets file, for the few readers that need restore's own view of it (the lock-file comparison and
    /// NuGetAudit's log messages). Shared by the tasks of a build: read it, never change it.
    /// </summary>
    public LockFile Assets { get; }

    /// <summary>The packages folders restore used, in order (the global packages folder first, then fallback folders).</summary>
    public IReadOnlyList<string> PackageFolders { get; }

    /// <summary>Every package of the restore, once, sorted by id (case-insensitive) then version.</summary>
    public IReadOnlyList<RestoredPackage> Packages { get; }

    /// <summary>Every target of the restore, sorted by name (<c>net8.0</c>, <c>net8.0/linux-x64</c>).</summary>
    public IReadOnlyList<RestoredTarget> Targets { get; }

    /// <summary>The targets without a runtime identifier: one per target framework.</summary>
    public IEnumerable<RestoredTarget> FrameworkTargets => Targets.Where(t => t.RuntimeIdentifier is null);

    /// <summary>The project's name in the restore (its PackageId, or the project file's name).</summary>
    public string ProjectName => Assets.PackageSpec?.Name ?? "";

    /// <summary>The project's version as restore saw it; null when none is declared.</summary>
    public string? ProjectVersion => Assets.PackageSpec?.Version?.ToNormalizedString();

    public RestoredPackage? FindPackage(string id, NuGetVersion version) =>
        _packagesByKey.TryGetValue(Key(id, version), out var package) ? package : null;

    /// <summary>Parses <paramref name="assetsFilePath"/> (coded errors PSF0002/PSF0003) and builds the graph; no caching.</summary>
    public static RestoredGraph Read(string assetsFilePath) => From(AssetsFileReader.Read(assetsFilePath), assetsFilePath);

    /// <summary>The same restore with its packages located in other folders (the assets file is not read again).</summary>
    public RestoredGraph WithPackageFolders(IReadOnlyList<string> packageFolders) =>
        packageFolders.Count == 0 ? this : From(Assets, AssetsFilePath, packageFolders);

    /// <summary>
    /// Builds the graph of an already parsed assets file. Packages are located in <paramref name="packageFolders"/> when
    /// given (tests, unusual caches), else in the folders restore recorded.
    /// </summary>
    public static RestoredGraph From(LockFile assets, string assetsFilePath = "", IReadOnlyList<string>? packageFolders = null)
    {
        var folders = (packageFolders is { Count: > 0 } ? packageFolders : assets.PackageFolders.Select(f => f.Path))
            .Where(p => !string.IsNullOrEmpty(p)).ToArray();

        // Per target: the libraries, who is direct (projectFileDependencyGroups: package and project references alike),
        // and the project's own reference to each (its PrivateAssets/IncludeAssets/ExcludeAssets).
        var perPackage = new Dictionary<string, (bool Direct, SortedSet<string> Frameworks)>(StringComparer.OrdinalIgnoreCase);
        var targets = new List<(LockFileTarget Target, HashSet<string> Direct)>();
        foreach (var target in assets.Targets)
        {
            var direct = DirectNames(assets, target);
            targets.Add((target, direct));
            var framework = target.TargetFramework.GetShortFolderName();
            foreach (var library in target.Libraries)
            {
                if (library.Type != LibraryType.Package || library.Name is null || library.Version is null)
                {
                    continue;
                }

                var key = Key(library.Name, library.Version);
                if (!perPackage.TryGetValue(key, out var entry))
                {
                    entry = (false, new SortedSet<string>(StringComparer.Ordinal));
                }

                entry.Frameworks.Add(framework);
                perPackage[key] = (entry.Direct || direct.Contains(library.Name), entry.Frameworks);
            }
        }

        var packages = new List<RestoredPackage>();
        foreach (var library in assets.Libraries.Where(l => l.Type == LibraryType.Package && l.Name is not null && l.Version is not null))
        {
            perPackage.TryGetValue(Key(library.Name!, library.Version!), out var seen);
            packages.Add(new RestoredPackage(library.Name!, library.Version!, seen.Direct, seen.Frameworks?.ToArray() ?? Array.Empty<string>())
            {
                ContentHash = string.IsNullOrEmpty(library.Sha512) ? null : library.Sha512,
                Location = PackagesFolderLocator.Locate(library.Name!, library.Version!, folders),
            });
        }

        var byKey = new Dictionary<string, RestoredPackage>(StringComparer.OrdinalIgnoreCase);
        foreach (var package in packages)
        {
            byKey[Key(package.Id, package.Version)] = package;
        }

        var unique = byKey.Values.ToList();
        unique.Sort((a, b) =>
        {
            var byId = StringComparer.OrdinalIgnoreCase.Compare(a.Id, b.Id);
            return byId != 0 ? byId : a.Version.CompareTo(b.Version);
        });
        var projectPaths = assets.Libraries
            .Where(l => l.Type == LibraryType.Project && l.Name is not null && l.Version is not null)
            .GroupBy(l => Key(l.Name!, l.Version!), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (string?)(g.First().MSBuildProject ?? g.First().Path), StringComparer.OrdinalIgnoreCase);

        var restoredTargets = targets
            .Select(t => BuildTarget(assets, t.Target, t.Direct, byKey, projectPaths))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToArray();
        return new RestoredGraph(assetsFilePath, assets, folders, unique, restoredTargets);
    }

    private static RestoredTarget BuildTarget(
        LockFile assets,
        LockFileTarget target,
        HashSet<string> direct,
        Dictionary<string, RestoredPackage> packages,
        Dictionary<string, string?> projectPaths)
    {
        var spec = assets.PackageSpec?.TargetFrameworks.FirstOrDefault(f => f.FrameworkName.Equals(target.TargetFramework));
        var nodes = new Dictionary<string, TargetLibrary>(StringComparer.OrdinalIgnoreCase);
        var sources = new Dictionary<string, LockFileTargetLibrary>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in target.Libraries)
        {
            if (library.Name is null || library.Version is null || (library.Type != LibraryType.Package && library.Type != LibraryType.Project))
            {
                continue;
            }

            var isPackage = library.Type == LibraryType.Package;
            var key = Key(library.Name, library.Version);
            var reference = direct.Contains(library.Name)
                ? spec?.Dependencies.FirstOrDefault(d => string.Equals(d.Name, library.Name, StringComparison.OrdinalIgnoreCase))
                : null;
            sources[library.Name] = library;
            nodes[library.Name] = new TargetLibrary(
                library.Name,
                library.Version,
                isPackage,
                isPackage && packages.TryGetValue(key, out var package) ? package : null,
                isPackage ? null : projectPaths.TryGetValue(key, out var path) ? path : null,
                direct.Contains(library.Name),
                reference is null ? null : new DirectReference(reference.SuppressParent, reference.IncludeType),
                library.Dependencies.Select(d => d.Id).OrderBy(id => id, StringComparer.OrdinalIgnoreCase).ToArray(),
                RealPaths(library.RuntimeAssemblies).Concat(RealPaths(library.RuntimeTargets)).ToArray(),
                RealPaths(library.NativeLibraries).ToArray());
        }

        // Edges: a dependency with no library in this target was pruned by restore (the framework provides it).
        foreach (var node in nodes.Values)
        {
            node.DependsOnList.AddRange(sources[node.Id].Dependencies
                .Select(d => nodes.TryGetValue(d.Id, out var resolved) ? resolved : null)
                .Where(n => n is not null)
                .Select(n => n!)
                .Distinct());
        }

        var rid = string.IsNullOrEmpty(target.RuntimeIdentifier) ? null : target.RuntimeIdentifier;
        var framework = target.TargetFramework.GetShortFolderName();
        return new RestoredTarget(
            target.TargetFramework,
            framework,
            rid,
            rid is null ? framework : framework + "/" + rid,
            nodes.Values.OrderBy(n => n.Id, StringComparer.OrdinalIgnoreCase).ToArray());
    }

    /// <summary>"_._" marks an empty folder: the package supports the framework but ships nothing for it.</summary>
    private static IEnumerable<string> RealPaths(IEnumerable<LockFileItem> items) =>
        items.Select(i => i.Path).Where(p => !p.EndsWith("_._", StringComparison.Ordinal));

    private static HashSet<string> DirectNames(LockFile assets, LockFileTarget target)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var targetName = target.Name.Split('/')[0];
        foreach (var group in assets.ProjectFileDependencyGroups)
        {
            if (!string.Equals(group.FrameworkName, targetName, StringComparison.OrdinalIgnoreCase)
                && !NuGetFramework.Parse(group.FrameworkName).Equals(target.TargetFramework))
            {
                continue;
            }

            foreach (var entry in group.Dependencies)
            {
                var space = entry.IndexOf(' ');
                names.Add(space < 0 ? entry : entry.Substring(0, space));
            }
        }

        return names;
    }

    private static string Key(string id, NuGetVersion version) => id + "/" + version.ToNormalizedString();
}

/// <summary>One target of the restore: a framework, optionally for a runtime identifier.</summary>
internal sealed class RestoredTarget
{
    private readonly Dictionary<string, TargetLibrary> _byId;

    internal RestoredTarget(NuGetFramework framework, string frameworkName, string? runtimeIdentifier, string name, IReadOnlyList<TargetLibrary> libraries)
    {
        Framework = framework;
        FrameworkName = frameworkName;
        RuntimeIdentifier = runtimeIdentifier;
        Name = name;
        Libraries = libraries;
        _byId = libraries.ToDictionary(l => l.Id, StringComparer.OrdinalIgnoreCase);
    }

    public NuGetFramework Framework { get; }

    /// <summary>The framework's short folder name, e.g. <c>net8.0</c>.</summary>
    public string FrameworkName { get; }

    public string? RuntimeIdentifier { get; }

    /// <summary><c>net8.0</c>, or <c>net8.0/linux-x64</c> with a runtime identifier.</summary>
    public string Name { get; }

    /// <summary>Packages and projects of this target, sorted by id (case-insensitive).</summary>
    public IReadOnlyList<TargetLibrary> Libraries { get; }

    public IEnumerable<TargetLibrary> Packages => Libraries.Where(l => l.IsPackage);

    public IEnumerable<TargetLibrary> DirectLibraries => Libraries.Where(l => l.Direct);

    public TargetLibrary? Find(string id) => _byId.TryGetValue(id, out var library) ? library : null;
}

/// <summary>The project's own reference to a direct dependency: its PrivateAssets and the assets it includes.</summary>
internal sealed record DirectReference(LibraryIncludeFlags PrivateAssets, LibraryIncludeFlags IncludeAssets)
{
    /// <summary>PrivateAssets="all": the dependency does not flow to the project's consumers.</summary>
    public bool PrivateAll => PrivateAssets == LibraryIncludeFlags.All;

    /// <summary>IncludeAssets (after ExcludeAssets) lets runtime or native assets through.</summary>
    public bool IncludesRuntime => (IncludeAssets & (LibraryIncludeFlags.Runtime | LibraryIncludeFlags.Native)) != 0;
}

/// <summary>A package or project in one target: its edges, whether it is direct there, and what it copies to the output.</summary>
internal sealed class TargetLibrary
{
    internal TargetLibrary(
        string id,
        NuGetVersion version,
        bool isPackage,
        RestoredPackage? package,
        string? projectPath,
        bool direct,
        DirectReference? reference,
        IReadOnlyList<string> dependencyIds,
        IReadOnlyList<string> runtimeAssets,
        IReadOnlyList<string> nativeAssets)
    {
        Id = id;
        Version = version;
        VersionText = version.ToNormalizedString();
        IsPackage = isPackage;
        Package = package;
        ProjectPath = projectPath;
        Direct = direct;
        Reference = reference;
        DependencyIds = dependencyIds;
        RuntimeAssets = runtimeAssets;
        NativeAssets = nativeAssets;
    }

    public string Id { get; }

    public NuGetVersion Version { get; }

    public string VersionText { get; }

    public bool IsPackage { get; }

    /// <summary>The package (shared by every target); null for a project.</summary>
    public RestoredPackage? Package { get; }

    /// <summary>For a project reference: its project file as restore recorded it.</summary>
    public string? ProjectPath { get; }

    /// <summary>The project references it itself in this target.</summary>
    public bool Direct { get; }

    /// <summary>The project's reference when <see cref="Direct"/> and a package reference; null otherwise.</summary>
    public DirectReference? Reference { get; }

    /// <summary>The ids it declares as dependencies, as the assets file lists them (including ones restore pruned).</summary>
    public IReadOnlyList<string> DependencyIds { get; }

    /// <summary>What it depends on in this target (pruned dependencies left out).</summary>
    public IReadOnlyList<TargetLibrary> DependsOn => DependsOnList;

    /// <summary>Runtime assemblies (and runtime-specific ones) restore selected, relative to the package folder.</summary>
    public IReadOnlyList<string> RuntimeAssets { get; }

    /// <summary>Native libraries restore selected, relative to the package folder.</summary>
    public IReadOnlyList<string> NativeAssets { get; }

    /// <summary>
    /// Something of it is copied to the build output: restore selected runtime or native assets for it (the assets file
    /// already applies IncludeAssets/ExcludeAssets, transitively), and a direct reference does not exclude them.
    /// </summary>
    public bool CopiedToOutput => (RuntimeAssets.Count > 0 || NativeAssets.Count > 0) && (Reference is null || Reference.IncludesRuntime);

    internal List<TargetLibrary> DependsOnList { get; } = new();
}
