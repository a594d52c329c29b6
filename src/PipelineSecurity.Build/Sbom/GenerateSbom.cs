using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Build.Framework;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Restore;

namespace PipelineSecurity.Build.Sbom;

/// <summary>
/// MSBuild task: writes the SBOM of a project (CycloneDX 1.6, and SPDX 2.3 when asked) from its restored graph and the
/// package cache; for a publish, of what was published, with the published files' hashes.
/// </summary>
public sealed class GenerateSbom : PipelineSecurityTask
{
    [Required]
    public string AssetsFile { get; set; } = "";

    /// <summary>The CycloneDX file (written when <see cref="Formats"/> includes cyclonedx).</summary>
    [Required]
    public string OutputFile { get; set; } = "";

    /// <summary>$(PackageId): the project's name in the SBOM and its purl.</summary>
    public string ProjectName { get; set; } = "";

    /// <summary>$(PackageVersion), which defaults to $(Version).</summary>
    public string ProjectVersion { get; set; } = "";

    /// <summary>$(OutputType): Exe and WinExe make the project an application, anything else a library.</summary>
    public string OutputType { get; set; } = "";

    /// <summary>Package folders to search instead of the assets file's own (for tests and unusual caches).</summary>
    public string[] PackageFolders { get; set; } = Array.Empty<string>();

    public bool Deterministic { get; set; }

    /// <summary>Hash the cached nupkg files rather than trust the hash restore recorded (PipelineSecuritySbomHashPackages).</summary>
    public bool HashPackageFiles { get; set; }

    /// <summary>$(PipelineSecuritySbomFormats): <c>cyclonedx</c>, <c>spdx</c> or both, ';'-separated (default cyclonedx).</summary>
    public string Formats { get; set; } = "cyclonedx";

    /// <summary>The SPDX 2.3 JSON file (written when <see cref="Formats"/> includes spdx).</summary>
    public string SpdxOutputFile { get; set; } = "";

    /// <summary>Describe only this target framework (an inner build's per-framework SBOM, or a publish).</summary>
    public string TargetFramework { get; set; } = "";

    /// <summary>A publish's runtime identifier: its runtime packages are described.</summary>
    public string RuntimeIdentifier { get; set; } = "";

    /// <summary>
    /// A publish's files (@(ResolvedFileToPublish) plus the project's own outputs): item spec the source file, metadata
    /// RelativePath (in the publish folder), NuGetPackageId and NuGetPackageVersion when it comes from a package.
    /// </summary>
    public ITaskItem[] PublishedFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>
    /// The publish folder: every file in it is described (the SBOM's own files excepted), attributed to a package through
    /// <see cref="PublishedFiles"/>, so nothing deployed is missing even when it came from elsewhere.
    /// </summary>
    public string PublishDirectory { get; set; } = "";

    public string Supplier { get; set; } = "";

    public string SupplierUrl { get; set; } = "";

    public string Manufacturer { get; set; } = "";

    public string Authors { get; set; } = "";

    public string Contact { get; set; } = "";

    public string ProjectUrl { get; set; } = "";

    public string RepositoryUrl { get; set; } = "";

    public string LicenseExpression { get; set; } = "";

    public string LicenseFile { get; set; } = "";

    /// <summary>$(PipelineSecuritySbomIncludeLicenseTexts): embed licence files of packages as base64 attachments.</summary>
    public bool IncludeLicenseTexts { get; set; }

    protected override void ExecuteCore()
    {
        var formats = new HashSet<string>(
            (Formats ?? "").Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(f => f.Trim().ToLowerInvariant()).Where(f => f.Length > 0),
            StringComparer.Ordinal);
        if (formats.Count == 0)
        {
            formats.Add("cyclonedx");
        }

        var unknown = formats.FirstOrDefault(f => f is not ("cyclonedx" or "spdx"));
        if (unknown is not null)
        {
            throw BuildDiagnostics.SbomSettingInvalid.Failure(file: null, "PipelineSecuritySbomFormats", Formats, "'cyclonedx', 'spdx' or both (';'-separated)");
        }

        if (formats.Contains("spdx") && string.IsNullOrWhiteSpace(SpdxOutputFile))
        {
            throw BuildDiagnostics.SbomSettingInvalid.Failure(file: null, "PipelineSecuritySbomSpdxFile", SpdxOutputFile, "a file path");
        }

        var graph = RestoreCache.Graph(BuildEngine, AssetsFile);
        var now = DateTimeOffset.UtcNow;
        var request = new SbomRequest
        {
            ProjectName = ProjectName,
            ProjectVersion = ProjectVersion,
            ProjectType = OutputType.Equals("Exe", StringComparison.OrdinalIgnoreCase) || OutputType.Equals("WinExe", StringComparison.OrdinalIgnoreCase) ? "application" : "library",
            PackageFolders = PackageFolders.Where(f => !string.IsNullOrWhiteSpace(f)).ToArray(),
            ToolVersion = ToolVersion(),
            Deterministic = Deterministic,
            HashPackageFiles = HashPackageFiles,
            Now = now,
            TargetFramework = TargetFramework ?? "",
            RuntimeIdentifier = RuntimeIdentifier ?? "",
            PublishedFiles = Published(),
            IncludeLicenseTexts = IncludeLicenseTexts,
            Metadata = new SbomMetadata
            {
                Supplier = Supplier ?? "",
                SupplierUrl = SupplierUrl ?? "",
                Manufacturer = Manufacturer ?? "",
                Authors = Authors ?? "",
                Contact = Contact ?? "",
                ProjectUrl = ProjectUrl ?? "",
                RepositoryUrl = RepositoryUrl ?? "",
                LicenseExpression = LicenseExpression ?? "",
                LicenseFile = LicenseFile ?? "",
            },
        };

        var facts = RestoreCache.Facts(BuildEngine);
        CycloneDxBom bom;
        try
        {
            bom = SbomBuilder.Build(graph, request, facts);
        }
        catch (BuildDiagnosticException damage)
        {
            // Logged by the base class; later tasks of the build (the policy gate) do not log the same damage again.
            facts.ShouldReport(damage);
            throw;
        }

        var written = new List<string>();
        if (formats.Contains("cyclonedx") && Infrastructure.OutputFile.WriteIfChanged(OutputFile, CycloneDxSerializer.Serialize(bom)))
        {
            written.Add(OutputFile);
        }

        if (formats.Contains("spdx") && Infrastructure.OutputFile.WriteIfChanged(SpdxOutputFile, SpdxSerializer.Serialize(bom, Deterministic ? FixedCreationTime() : now, Deterministic)))
        {
            written.Add(SpdxOutputFile);
        }

        Log.LogMessage(
            MessageImportance.Low,
            written.Count > 0 ? "PipelineSecurity: wrote the SBOM of {0} components to {1}" : "PipelineSecurity: the SBOM is unchanged ({0} components)",
            bom.Components.Count,
            string.Join(", ", written));
    }

    /// <summary>
    /// SPDX requires a creation time; a reproducible document takes SOURCE_DATE_EPOCH (the reproducible-builds
    /// convention) when set, else the Unix epoch.
    /// </summary>
    private static DateTimeOffset FixedCreationTime()
    {
        var epoch = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        return long.TryParse(epoch, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < 253402300800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.FromUnixTimeSeconds(0);
    }

    private IReadOnlyList<PublishedFile> Published()
    {
        // Where each published file comes from, as the SDK's publish items say.
        var origin = new Dictionary<string, (string Source, string Id, string Version)>(StringComparer.Ordinal);
        foreach (var item in PublishedFiles ?? Array.Empty<ITaskItem>())
        {
            var relative = item.GetMetadata("RelativePath").Replace('\\', '/');
            if (relative.Length > 0 && !origin.ContainsKey(relative))
            {
                origin[relative] = (item.GetMetadata("FullPath"), item.GetMetadata("NuGetPackageId"), item.GetMetadata("NuGetPackageVersion"));
            }
        }

        var files = new List<(string Relative, string Path, string Id, string Version)>();
        if (!string.IsNullOrWhiteSpace(PublishDirectory) && Directory.Exists(PublishDirectory))
        {
            var root = Path.GetFullPath(PublishDirectory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var own = new HashSet<string>(new[] { OutputFile, SpdxOutputFile }.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => Path.GetFullPath(f)), StringComparer.Ordinal);
            foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                if (own.Contains(path))
                {
                    continue;
                }

                var relative = path.Substring(root.Length).Replace('\\', '/');
                origin.TryGetValue(relative, out var from);
                files.Add((relative, path, from.Id ?? "", from.Version ?? ""));
            }
        }
        else
        {
            files.AddRange(origin.Select(pair => (pair.Key, pair.Value.Source, pair.Value.Id, pair.Value.Version)));
        }

        var result = new List<PublishedFile>(files.Count);
        foreach (var (relative, path, id, version) in files.OrderBy(f => f.Relative, StringComparer.Ordinal))
        {
            string sha256;
            string sha1;
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
                using var hash256 = SHA256.Create();
                using var hash1 = SHA1.Create();
                var buffer = new byte[81920];
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    hash256.TransformBlock(buffer, 0, read, null, 0);
                    hash1.TransformBlock(buffer, 0, read, null, 0);
                }

                hash256.TransformFinalBlock(buffer, 0, 0);
                hash1.TransformFinalBlock(buffer, 0, 0);
                sha256 = Hex.Lower(hash256.Hash!);
                sha1 = Hex.Lower(hash1.Hash!);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
                throw BuildDiagnostics.SbomPublishedFileUnreadable.Failure(failure, path, path, failure.Message);
            }

            result.Add(new PublishedFile(relative, sha256, sha1, id, version));
        }

        return result;
    }

    private static string ToolVersion()
    {
        var version = typeof(GenerateSbom).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var plus = version.IndexOf('+');
        return plus < 0 ? version : version.Substring(0, plus);
    }
}
