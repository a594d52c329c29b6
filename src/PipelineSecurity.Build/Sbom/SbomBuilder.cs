using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NuGet.Versioning;
using PipelineSecurity.Build.Restore;

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

    /// <param name="graph">The restore, with packages located where the SBOM should read them.</param>
    /// <param name="facts">The build's package-facts reader; a missing or damaged package fails with its code.</param>
    public static CycloneDxBom Build(RestoredGraph graph, SbomRequest request, PackageFactsReader? facts = null)
    {
        facts ??= new PackageFactsReader();
        graph = graph.WithPackageFolders(request.PackageFolders);
        var nodes = new Dictionary<string, Node>(StringComparer.OrdinalIgnoreCase);
        var rootDependsOn = new SortedSet<string>(StringComparer.Ordinal);
        var projectFrameworks = new SortedSet<string>(StringComparer.Ordinal);

        foreach (var target in graph.Targets)
        {
            projectFrameworks.Add(target.FrameworkName);
            foreach (var library in target.Libraries)
            {
                var node = GetOrAdd(nodes, library);
                node.Frameworks.Add(target.FrameworkName);
                foreach (var dependency in library.DependsOn)
                {
                    node.DependsOn.Add(Key(dependency.Id, dependency.Version));
                }

                if (library.Direct)
                {
                    rootDependsOn.Add(Key(library.Id, library.Version));
                }
            }
        }

        foreach (var node in nodes.Values)
        {
            if (node.Package is { } package)
            {
                node.ContentHash = package.ContentHash;
                node.Facts = facts.Read(package, request.HashPackageFiles);
            }
        }

        MarkRequired(nodes, graph.Targets);

        var subjectName = string.IsNullOrWhiteSpace(request.ProjectName) ? graph.ProjectName : request.ProjectName;
        var subjectVersion = string.IsNullOrWhiteSpace(request.ProjectVersion) ? graph.ProjectVersion ?? "1.0.0" : request.ProjectVersion;
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

    /// <summary>The SBOM's view of a package's licence: the expression, a named licence file (with its URL), or a URL.</summary>
    public static BomLicense? ToBomLicense(PackageLicense license) => license.Kind switch
    {
        PackageLicenseKind.Expression => new BomLicense(license.Expression, null, null),
        PackageLicenseKind.File => new BomLicense(null, "License file '" + license.Detail + "' in the package", license.FileUrl),
        PackageLicenseKind.UrlOnly => new BomLicense(null, null, license.Detail),
        _ => null,
    };

    /// <summary><c>pkg:nuget/Name@Version</c>, percent-encoding anything outside the unreserved set.</summary>
    public static string Purl(string name, string version) => "pkg:nuget/" + PercentEncode(name) + "@" + PercentEncode(version);

    /// <summary>
    /// Scope: a package is required when some target reaches it from a direct dependency that is not development-only.
    /// Development-only: referenced with PrivateAssets=all and adding nothing to the output (no runtime or native assets,
    /// IncludeAssets without runtime, or marked developmentDependency). Everything reachable only through those is excluded too.
    /// </summary>
    private static void MarkRequired(Dictionary<string, Node> nodes, IReadOnlyList<RestoredTarget> targets)
    {
        foreach (var target in targets)
        {
            var pending = new Stack<TargetLibrary>();
            foreach (var library in target.DirectLibraries)
            {
                if (!IsDevelopmentOnly(library, nodes[Key(library.Id, library.Version)]))
                {
                    pending.Push(library);
                }
            }

            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            while (pending.Count > 0)
            {
                var library = pending.Pop();
                if (!seen.Add(library.Id))
                {
                    continue;
                }

                nodes[Key(library.Id, library.Version)].Required = true;
                foreach (var next in library.DependsOn)
                {
                    pending.Push(next);
                }
            }
        }
    }

    private static bool IsDevelopmentOnly(TargetLibrary library, Node node)
    {
        if (!library.IsPackage || library.Reference is not { PrivateAll: true } reference)
        {
            return false;
        }

        var runsWithTheOutput = library.RuntimeAssets.Count > 0 || library.NativeAssets.Count > 0;
        return !runsWithTheOutput || !reference.IncludesRuntime || node.Facts?.DevelopmentDependency == true;
    }

    private static BomComponent ToComponent(Node node)
    {
        var properties = new List<BomProperty>();
        properties.AddRange(node.Frameworks.Select(f => new BomProperty(PropertyPrefix + "targetFramework", f)));
        if (node.ContentHash is { Length: > 0 } contentHash)
        {
            properties.Add(new BomProperty(PropertyPrefix + "nugetContentHash", contentHash));
        }

        if (node.Facts?.DevelopmentDependency == true)
        {
            properties.Add(new BomProperty(PropertyPrefix + "developmentDependency", "true"));
        }

        if (node.ProjectPath is { Length: > 0 } projectPath)
        {
            properties.Add(new BomProperty(PropertyPrefix + "projectPath", projectPath.Replace('\\', '/')));
        }

        var metadata = node.Facts;
        var references = new List<BomExternalReference>();
        if (Url(metadata?.ProjectUrl) is { } website)
        {
            references.Add(new BomExternalReference("website", website, null));
        }

        if (Url(metadata?.RepositoryUrl) is { } repository)
        {
            references.Add(new BomExternalReference("vcs", repository, metadata?.RepositoryCommit is { } commit ? "commit " + commit : null));
        }

        var license = metadata is null ? null : ToBomLicense(metadata.License);
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

    private static Node GetOrAdd(Dictionary<string, Node> nodes, TargetLibrary library)
    {
        var key = Key(library.Id, library.Version);
        if (!nodes.TryGetValue(key, out var node))
        {
            node = new Node(library.Id, library.Version, library.IsPackage, library.Package) { ProjectPath = library.ProjectPath };
            nodes.Add(key, node);
        }

        return node;
    }

    private sealed class Node
    {
        public Node(string name, NuGetVersion version, bool isPackage, RestoredPackage? package)
        {
            Name = name;
            Version = version;
            VersionText = version.ToNormalizedString();
            Package = package;
            IsPackage = isPackage;
            Purl = SbomBuilder.Purl(name, VersionText);
        }

        public string Name { get; }

        public NuGetVersion Version { get; }

        public string VersionText { get; }

        public bool IsPackage { get; }

        public RestoredPackage? Package { get; }

        public string Purl { get; }

        public SortedSet<string> Frameworks { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> DependsOn { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool Required { get; set; }

        public string? ContentHash { get; set; }

        public string? ProjectPath { get; set; }

        public PackageFacts? Facts { get; set; }
    }
}
