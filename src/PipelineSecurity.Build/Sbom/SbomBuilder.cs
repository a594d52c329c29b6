using System;
using System.Collections.Generic;
using System.IO;
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
internal static class SbomBuilder
{
    public const string ToolName = "PipelineSecurity.Analyzers";
    public const string PropertyPrefix = "pipelinesecurity:";

    /// <param name="graph">The restore, with packages located where the SBOM should read them.</param>
    /// <param name="facts">The build's package-facts reader; a missing or damaged package fails with its code.</param>
    public static CycloneDxBom Build(RestoredGraph graph, SbomRequest request, PackageFactsReader? facts = null)
    {
        facts ??= new PackageFactsReader();
        graph = graph.WithPackageFolders(request.PackageFolders);
        var targets = SelectTargets(graph, request);
        var nodes = new Dictionary<string, Node>(StringComparer.OrdinalIgnoreCase);
        var rootDependsOn = new SortedSet<string>(StringComparer.Ordinal);
        var projectFrameworks = new SortedSet<string>(StringComparer.Ordinal);

        foreach (var target in targets)
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
                if (request.IncludeLicenseTexts && node.Facts.License.Kind == PackageLicenseKind.File)
                {
                    node.LicenseText = facts.ReadLicenseText(package, node.Facts.License) is { } text
                        ? new BomText(text.ContentType, Convert.ToBase64String(text.Content))
                        : null;
                }
            }
        }

        MarkRequired(nodes, targets);

        var subjectName = string.IsNullOrWhiteSpace(request.ProjectName) ? graph.ProjectName : request.ProjectName;
        var subjectVersion = string.IsNullOrWhiteSpace(request.ProjectVersion) ? graph.ProjectVersion ?? "1.0.0" : request.ProjectVersion;
        var subjectPurl = Purl(subjectName, subjectVersion);
        var metadata = request.Metadata;
        var supplier = Organization(metadata.Supplier, metadata.SupplierUrl.Length > 0 ? metadata.SupplierUrl : metadata.ProjectUrl, metadata.Contact);
        var manufacturer = Organization(metadata.Manufacturer.Length > 0 ? metadata.Manufacturer : metadata.Supplier, metadata.SupplierUrl.Length > 0 ? metadata.SupplierUrl : metadata.ProjectUrl, metadata.Contact);

        // Published files: each goes to the component it comes from; the project's own files to the subject.
        var filesByComponent = new Dictionary<string, List<PublishedFile>>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in request.PublishedFiles.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            string key;
            if (file.PackageId.Length == 0)
            {
                key = "";
            }
            else
            {
                key = NuGetVersion.TryParse(file.PackageVersion, out var fileVersion) ? Key(file.PackageId, fileVersion) : file.PackageId + "/" + file.PackageVersion;
                if (!nodes.ContainsKey(key))
                {
                    // A package the SDK added for the publish itself (a self-contained runtime pack): a framework component.
                    var pack = new Node(file.PackageId, NuGetVersion.TryParse(file.PackageVersion, out var v) ? v : new NuGetVersion(0, 0, 0), isPackage: true, package: null)
                    {
                        Required = true,
                        IsRuntimePack = true,
                    };
                    nodes.Add(key, pack);
                    rootDependsOn.Add(key);
                }
            }

            if (!filesByComponent.TryGetValue(key, out var list))
            {
                filesByComponent[key] = list = new List<PublishedFile>();
            }

            list.Add(file);
        }

        var subject = new BomComponent(subjectPurl, request.ProjectType, subjectName, subjectVersion, subjectPurl)
        {
            Properties = projectFrameworks.Select(f => new BomProperty(PropertyPrefix + "targetFramework", f))
                .Concat(request.RuntimeIdentifier.Length > 0 ? new[] { new BomProperty(PropertyPrefix + "runtimeIdentifier", request.RuntimeIdentifier) } : Array.Empty<BomProperty>())
                .ToArray(),
            SupplierOrganization = supplier,
            Authors = SplitAuthors(metadata.Authors.Replace(';', ',')),
            License = SubjectLicense(metadata),
            ExternalReferences = SubjectReferences(metadata),
        };
        if (filesByComponent.TryGetValue("", out var ownFiles))
        {
            subject = subject with { Files = FileComponents(subjectPurl, ownFiles), Occurrences = ownFiles.Select(f => f.RelativePath).ToArray() };
        }

        var ordered = nodes.Values
            .OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(n => n.Version)
            .ToArray();
        var components = ordered.Select(node =>
        {
            var component = ToComponent(node);
            return filesByComponent.TryGetValue(Key(node.Name, node.Version), out var files)
                ? component with { Files = FileComponents(node.Purl, files), Occurrences = files.Select(f => f.RelativePath).ToArray() }
                : component;
        }).ToArray();

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
            SerialNumber: null)
        {
            Supplier = supplier,
            Manufacturer = manufacturer,
            Authors = SplitAuthors(metadata.Authors.Replace(';', ',')),
            TargetFramework = request.TargetFramework.Length > 0 ? request.TargetFramework : null,
        };
    }

    /// <summary>
    /// The targets the document describes: all of them for a build; one framework's for a per-framework SBOM; for a
    /// publish, that framework's target for the runtime identifier when restore produced one (it holds the RID's runtime
    /// packages), else its RID-less target.
    /// </summary>
    private static IReadOnlyList<RestoredTarget> SelectTargets(RestoredGraph graph, SbomRequest request)
    {
        IEnumerable<RestoredTarget> targets = graph.Targets;
        if (request.TargetFramework.Length > 0)
        {
            var framework = NuGet.Frameworks.NuGetFramework.Parse(request.TargetFramework);
            targets = targets.Where(t => t.Framework.Equals(framework) || string.Equals(t.FrameworkName, request.TargetFramework, StringComparison.OrdinalIgnoreCase));
        }

        if (request.RuntimeIdentifier.Length > 0)
        {
            var list = targets.ToList();
            var forRid = list.Where(t => string.Equals(t.RuntimeIdentifier, request.RuntimeIdentifier, StringComparison.OrdinalIgnoreCase)).ToList();
            return forRid.Count > 0
                ? forRid.Concat(list.Where(t => t.RuntimeIdentifier is null && !forRid.Any(r => r.Framework.Equals(t.Framework)))).ToArray()
                : list.Where(t => t.RuntimeIdentifier is null).ToArray();
        }

        return targets.ToArray();
    }

    private static IReadOnlyList<BomComponent> FileComponents(string owner, IReadOnlyList<PublishedFile> files) =>
        files.Select(f => new BomComponent(owner + "#" + f.RelativePath, "file", f.RelativePath, "", "")
        {
            Hashes = new[] { new BomHash("SHA-1", f.Sha1), new BomHash("SHA-256", f.Sha256) },
        }).ToArray();

    private static BomOrganization? Organization(string name, string url, string contact)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var urls = new List<string>();
        if (Url(url.Trim()) is { } website)
        {
            urls.Add(website);
        }

        string? email = null;
        contact = contact.Trim();
        if (contact.IndexOf('@') > 0 && contact.IndexOf(':') < 0)
        {
            email = contact;
        }
        else if (Url(contact) is { } contactUrl && !urls.Contains(contactUrl))
        {
            urls.Add(contactUrl);
        }

        return new BomOrganization(name.Trim(), urls, email, email is null ? null : "Security contact");
    }

    private static BomLicense? SubjectLicense(SbomMetadata metadata)
    {
        if (metadata.LicenseExpression.Trim() is { Length: > 0 } expression)
        {
            return new BomLicense(expression, null, null);
        }

        return metadata.LicenseFile.Trim() is { Length: > 0 } file
            ? new BomLicense(null, "License file '" + file + "' in the package", null) { LicenseRef = "LicenseRef-" + PackageLicense.IdString(Path.GetFileName(file)) }
            : null;
    }

    private static IReadOnlyList<BomExternalReference> SubjectReferences(SbomMetadata metadata)
    {
        var references = new List<BomExternalReference>();
        if (Url(metadata.ProjectUrl.Trim()) is { } website)
        {
            references.Add(new BomExternalReference("website", website, null));
        }

        if (Url(metadata.RepositoryUrl.Trim()) is { } repository)
        {
            references.Add(new BomExternalReference("vcs", repository, null));
        }

        if (metadata.Contact.Trim() is { Length: > 0 } contact && Url(contact) is { } contactUrl)
        {
            references.Add(new BomExternalReference("security-contact", contactUrl, null));
        }

        return references;
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
    /// Scope, from what is copied to the output: a package is required when a target reaches it from the project and it,
    /// or something it brings in, has runtime or native assets restore selected (the assets file already applies
    /// IncludeAssets/ExcludeAssets). A build-only package (an analyzer, SourceLink) is excluded even without
    /// PrivateAssets="all", and a PrivateAssets="all" package whose assemblies are copied to the output (a test adapter)
    /// is required. Projects are always required.
    /// </summary>
    private static void MarkRequired(Dictionary<string, Node> nodes, IReadOnlyList<RestoredTarget> targets)
    {
        foreach (var target in targets)
        {
            var carries = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
            var pending = new Stack<TargetLibrary>(target.DirectLibraries);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            while (pending.Count > 0)
            {
                var library = pending.Pop();
                if (!seen.Add(library.Id) || (library.IsPackage && !CarriesOutput(library, carries, new HashSet<string>(StringComparer.OrdinalIgnoreCase))))
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

    /// <summary>The library or something in its closure is copied to the output.</summary>
    private static bool CarriesOutput(TargetLibrary library, Dictionary<string, bool> known, HashSet<string> visiting)
    {
        if (known.TryGetValue(library.Id, out var answer))
        {
            return answer;
        }

        if (!visiting.Add(library.Id))
        {
            return false;
        }

        answer = !library.IsPackage || library.CopiedToOutput || library.DependsOn.Any(d => CarriesOutput(d, known, visiting));
        known[library.Id] = answer;
        return answer;
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
        if (license is not null && metadata!.License.Kind == PackageLicenseKind.File)
        {
            license = license with { LicenseRef = PackageLicense.LicenseRef(node.Name, node.VersionText), Text = node.LicenseText };
        }

        if (license is not null && license.Url is not null)
        {
            license = Url(license.Url) is { } licenseUrl ? license with { Url = licenseUrl } : license with { Url = null };
            if (license.Expression is null && license.Name is null && license.Url is null)
            {
                license = null;
            }
        }

        return new BomComponent(node.Purl, node.IsRuntimePack ? "framework" : "library", node.Name, node.VersionText, node.Purl)
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

        public BomText? LicenseText { get; set; }

        /// <summary>A runtime pack a self-contained publish copied (not in the restore graph).</summary>
        public bool IsRuntimePack { get; init; }
    }
}
