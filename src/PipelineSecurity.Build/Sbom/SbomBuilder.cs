using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NuGet.Frameworks;
using NuGet.LibraryModel;
using NuGet.ProjectModel;
using NuGet.Versioning;

namespace PipelineSecurity.Build.Sbom;

/// <summary>
/// Builds the CycloneDX document of a project from restore's output alone: every package and project of every target
/// framework at the version restore resolved, the dependency graph edge for edge, and what the package cache's nuspecs
/// declare. No re-resolution, no network.
/// </summary>
public static class SbomBuilder
{
    public const string ToolName = "PipelineSecurity.Analyzers";
    public const string PropertyPrefix = "pipelinesecurity:";

    public static CycloneDxBom Build(LockFile assets, SbomRequest request)
    {
        var packageFolders = request.PackageFolders.Count > 0
            ? request.PackageFolders
            : assets.PackageFolders.Select(folder => folder.Path).ToArray();

        var nodes = new Dictionary<string, Node>(StringComparer.OrdinalIgnoreCase);
        var rootDependsOn = new SortedSet<string>(StringComparer.Ordinal);
        var targets = new List<TargetGraph>();
        var projectFrameworks = new SortedSet<string>(StringComparer.Ordinal);

        foreach (var target in assets.Targets)
        {
            var framework = target.TargetFramework.GetShortFolderName();
            projectFrameworks.Add(framework);
            var graph = new TargetGraph();
            foreach (var library in target.Libraries)
            {
                if (library.Name is null || library.Version is null || !IsComponentType(library.Type))
                {
                    continue;
                }

                graph.ByName[library.Name] = library;
                var node = GetOrAdd(nodes, library);
                node.Frameworks.Add(framework);
            }

            foreach (var library in graph.ByName.Values)
            {
                var node = nodes[Key(library.Name!, library.Version!)];
                foreach (var dependency in library.Dependencies)
                {
                    // A dependency with no library in this target was pruned by restore (the framework provides it).
                    if (graph.ByName.TryGetValue(dependency.Id, out var resolved))
                    {
                        node.DependsOn.Add(Key(resolved.Name!, resolved.Version!));
                    }
                }
            }

            foreach (var name in DirectDependencyNames(assets, target))
            {
                if (graph.ByName.TryGetValue(name, out var direct))
                {
                    var key = Key(direct.Name!, direct.Version!);
                    rootDependsOn.Add(key);
                    graph.Direct.Add((direct, FindSpecDependency(assets, target.TargetFramework, direct.Name!)));
                }
            }

            targets.Add(graph);
        }

        foreach (var node in nodes.Values.Where(n => n.IsPackage))
        {
            var library = assets.GetLibrary(node.Name, node.Version);
            node.ContentHash = library?.Sha512;
            node.Metadata = CachedPackageMetadata.Read(packageFolders, node.Name, node.VersionText, library?.Path ?? (node.Name + "/" + node.VersionText).ToLowerInvariant(), request.HashPackageFiles);
        }

        foreach (var node in nodes.Values.Where(n => !n.IsPackage))
        {
            var library = assets.GetLibrary(node.Name, node.Version);
            node.ProjectPath = library?.MSBuildProject ?? library?.Path;
        }

        MarkRequired(nodes, targets);

        var subjectName = string.IsNullOrWhiteSpace(request.ProjectName) ? assets.PackageSpec.Name : request.ProjectName;
        var subjectVersion = string.IsNullOrWhiteSpace(request.ProjectVersion) ? assets.PackageSpec.Version?.ToNormalizedString() ?? "1.0.0" : request.ProjectVersion;
        var subjectPurl = Purl(subjectName, subjectVersion);
        var subject = new BomComponent(subjectPurl, request.ProjectType, subjectName, subjectVersion, subjectPurl)
        {
            Properties = projectFrameworks.Select(f => new BomProperty(PropertyPrefix + "targetFramework", f)).ToArray(),
        };

        var ordered = nodes.Values
            .OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(n => n.Version)
            .ToArray();
        var components = ordered.Select(ToComponent).ToArray();

        var dependencies = new List<BomDependency>(ordered.Length + 1)
        {
            new(subjectPurl, rootDependsOn.Select(k => nodes[k].Purl).OrderBy(r => r, StringComparer.Ordinal).ToArray()),
        };
        dependencies.AddRange(ordered.Select(n => new BomDependency(n.Purl, n.DependsOn.Select(k => nodes[k].Purl).OrderBy(r => r, StringComparer.Ordinal).ToArray())));

        return new CycloneDxBom(
            subject,
            new BomTool(ToolName, request.ToolVersion),
            components,
            dependencies,
            request.Deterministic ? null : request.Now,
            SerialNumber: null);
    }

    /// <summary><c>pkg:nuget/Name@Version</c>, percent-encoding anything outside the unreserved set.</summary>
    public static string Purl(string name, string version) => "pkg:nuget/" + PercentEncode(name) + "@" + PercentEncode(version);

    private static bool IsComponentType(string? type) => type == LibraryType.Package || type == LibraryType.Project;

    /// <summary>
    /// Scope: a package is required when some target reaches it from a direct dependency that is not development-only.
    /// Development-only: referenced with PrivateAssets=all and adding nothing to the output (no runtime or native assets,
    /// IncludeAssets without runtime, or marked developmentDependency). Everything reachable only through those is excluded too.
    /// </summary>
    private static void MarkRequired(Dictionary<string, Node> nodes, List<TargetGraph> targets)
    {
        foreach (var graph in targets)
        {
            var pending = new Stack<LockFileTargetLibrary>();
            foreach (var (library, spec) in graph.Direct)
            {
                if (!IsDevelopmentOnly(library, spec, nodes[Key(library.Name!, library.Version!)]))
                {
                    pending.Push(library);
                }
            }

            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            while (pending.Count > 0)
            {
                var library = pending.Pop();
                if (!seen.Add(library.Name!))
                {
                    continue;
                }

                nodes[Key(library.Name!, library.Version!)].Required = true;
                foreach (var dependency in library.Dependencies)
                {
                    if (graph.ByName.TryGetValue(dependency.Id, out var next))
                    {
                        pending.Push(next);
                    }
                }
            }
        }
    }

    private static bool IsDevelopmentOnly(LockFileTargetLibrary library, LibraryDependency? spec, Node node)
    {
        if (library.Type != LibraryType.Package || spec is null || spec.SuppressParent != LibraryIncludeFlags.All)
        {
            return false;
        }

        var runsWithTheOutput = library.RuntimeAssemblies.Any(IsRealAsset) || library.NativeLibraries.Any(IsRealAsset) || library.RuntimeTargets.Any(IsRealAsset);
        var runtimeIncluded = (spec.IncludeType & (LibraryIncludeFlags.Runtime | LibraryIncludeFlags.Native)) != 0;
        return !runsWithTheOutput || !runtimeIncluded || node.Metadata?.DevelopmentDependency == true;
    }

    // "_._" marks an empty folder: the package supports the framework but ships nothing for it.
    private static bool IsRealAsset(LockFileItem item) => !item.Path.EndsWith("_._", StringComparison.Ordinal);

    private static IEnumerable<string> DirectDependencyNames(LockFile assets, LockFileTarget target)
    {
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
                yield return space < 0 ? entry : entry.Substring(0, space);
            }
        }
    }

    private static LibraryDependency? FindSpecDependency(LockFile assets, NuGetFramework framework, string name)
    {
        var info = assets.PackageSpec.TargetFrameworks.FirstOrDefault(f => f.FrameworkName.Equals(framework));
        return info?.Dependencies.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    private static BomComponent ToComponent(Node node)
    {
        var properties = new List<BomProperty>();
        properties.AddRange(node.Frameworks.Select(f => new BomProperty(PropertyPrefix + "targetFramework", f)));
        if (node.ContentHash is { Length: > 0 } contentHash)
        {
            properties.Add(new BomProperty(PropertyPrefix + "nugetContentHash", contentHash));
        }

        if (node.Metadata?.DevelopmentDependency == true)
        {
            properties.Add(new BomProperty(PropertyPrefix + "developmentDependency", "true"));
        }

        if (node.ProjectPath is { Length: > 0 } projectPath)
        {
            properties.Add(new BomProperty(PropertyPrefix + "projectPath", projectPath.Replace('\\', '/')));
        }

        var metadata = node.Metadata;
        var references = new List<BomExternalReference>();
        if (Url(metadata?.ProjectUrl) is { } website)
        {
            references.Add(new BomExternalReference("website", website, null));
        }

        if (Url(metadata?.RepositoryUrl) is { } repository)
        {
            references.Add(new BomExternalReference("vcs", repository, metadata?.RepositoryCommit is { } commit ? "commit " + commit : null));
        }

        var license = metadata?.License;
        if (license is not null && license.Url is not null)
        {
            license = Url(license.Url) is { } licenseUrl ? license with { Url = licenseUrl } : license with { Url = null };
            if (license.Expression is null && license.Name is null && license.Url is null)
            {
                license = null;
            }
        }

        return new BomComponent(node.Purl, "library", node.Name, node.VersionText, node.Purl)
        {
            Scope = node.IsPackage && !node.Required ? "excluded" : "required",
            Description = metadata?.Description,
            Authors = SplitAuthors(metadata?.Authors),
            Supplier = metadata?.Owners,
            Copyright = metadata?.Copyright,
            Hashes = metadata?.NupkgSha512 is { } sha512 ? new[] { new BomHash("SHA-512", sha512) } : Array.Empty<BomHash>(),
            License = license,
            ExternalReferences = references,
            Properties = properties,
        };
    }

    private static string[] SplitAuthors(string? authors) =>
        authors is null
            ? Array.Empty<string>()
            : authors.Split(',').Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Only absolute http(s)/git URLs go into the document, escaped where the nuspec was sloppy.</summary>
    private static string? Url(string? value)
    {
        if (value is null || !Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return null;
        }

        return Uri.IsWellFormedUriString(value, UriKind.Absolute) ? value : uri.AbsoluteUri;
    }

    private static string PercentEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '_' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string Key(string name, NuGetVersion version) => name + "/" + version.ToNormalizedString();

    private static Node GetOrAdd(Dictionary<string, Node> nodes, LockFileTargetLibrary library)
    {
        var key = Key(library.Name!, library.Version!);
        if (!nodes.TryGetValue(key, out var node))
        {
            node = new Node(library.Name!, library.Version!, library.Type == LibraryType.Package);
            nodes.Add(key, node);
        }

        return node;
    }

    private sealed class TargetGraph
    {
        public Dictionary<string, LockFileTargetLibrary> ByName { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<(LockFileTargetLibrary Library, LibraryDependency? Spec)> Direct { get; } = new();
    }

    private sealed class Node
    {
        public Node(string name, NuGetVersion version, bool isPackage)
        {
            Name = name;
            Version = version;
            VersionText = version.ToNormalizedString();
            IsPackage = isPackage;
            Purl = SbomBuilder.Purl(name, VersionText);
        }

        public string Name { get; }

        public NuGetVersion Version { get; }

        public string VersionText { get; }

        public bool IsPackage { get; }

        public string Purl { get; }

        public SortedSet<string> Frameworks { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> DependsOn { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool Required { get; set; }

        public string? ContentHash { get; set; }

        public string? ProjectPath { get; set; }

        public CachedPackageMetadata? Metadata { get; set; }
    }
}
