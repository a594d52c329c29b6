using System;
using System.Collections.Generic;

namespace PipelineSecurity.Build.Sbom;

/// <summary>What <see cref="SbomBuilder"/> needs, free of MSBuild types.</summary>
internal sealed record SbomRequest
{
    /// <summary>The project's package id (defaults to its assembly name in MSBuild).</summary>
    public string ProjectName { get; init; } = "";

    public string ProjectVersion { get; init; } = "";

    /// <summary>CycloneDX type of the project itself: <c>application</c> for executables, else <c>library</c>.</summary>
    public string ProjectType { get; init; } = "library";

    /// <summary>Folders to look for packages in, in order; empty means the folders restore recorded (the graph's own).</summary>
    public IReadOnlyList<string> PackageFolders { get; init; } = Array.Empty<string>();

    public string ToolVersion { get; init; } = "";

    /// <summary>Hash each cached nupkg's bytes instead of using the hash restore recorded beside it.</summary>
    public bool HashPackageFiles { get; init; }

    /// <summary>No timestamp and a serial number derived from the content: identical inputs give identical bytes.</summary>
    public bool Deterministic { get; init; }

    /// <summary>Time written to <c>metadata.timestamp</c> when not deterministic.</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Only this target framework (short folder name, e.g. <c>net8.0</c>); empty for all of them.</summary>
    public string TargetFramework { get; init; } = "";

    /// <summary>
    /// The runtime identifier of a publish: the framework's target for this RID (its runtime packages) is used instead of
    /// the RID-less one when restore produced it. Empty for a build.
    /// </summary>
    public string RuntimeIdentifier { get; init; } = "";

    /// <summary>Files of a publish folder, hashed and attached to the component each comes from. Empty for a build.</summary>
    public IReadOnlyList<PublishedFile> PublishedFiles { get; init; } = Array.Empty<PublishedFile>();

    /// <summary>The BOM's supplier, manufacturer, authors and contact, and the project's own licence.</summary>
    public SbomMetadata Metadata { get; init; } = new();

    /// <summary>Embed the text of licence files shipped in packages (base64 attachments; grows the file).</summary>
    public bool IncludeLicenseTexts { get; init; }
}

/// <summary>
/// One file of a publish folder: its path relative to the folder ('/'-separated), its SHA-256 and SHA-1 (lower-case hex;
/// SPDX requires SHA-1 for files), and the package it comes from (NuGet id and version, as the SDK's publish items record
/// them; empty for the project's own outputs).
/// </summary>
internal sealed record PublishedFile(string RelativePath, string Sha256, string Sha1, string PackageId, string PackageVersion);

/// <summary>BOM-level metadata from the standard project properties and the PipelineSecuritySbom* ones.</summary>
internal sealed record SbomMetadata
{
    /// <summary>The organisation that supplies the software ($(PipelineSecuritySbomSupplier), else $(Company)).</summary>
    public string Supplier { get; init; } = "";

    public string SupplierUrl { get; init; } = "";

    /// <summary>The manufacturer ($(PipelineSecuritySbomManufacturer), else the supplier).</summary>
    public string Manufacturer { get; init; } = "";

    /// <summary>$(Authors), comma- or semicolon-separated.</summary>
    public string Authors { get; init; } = "";

    /// <summary>Security contact: an e-mail address or a URL ($(PipelineSecuritySbomContact)).</summary>
    public string Contact { get; init; } = "";

    /// <summary>$(PackageProjectUrl).</summary>
    public string ProjectUrl { get; init; } = "";

    /// <summary>$(RepositoryUrl).</summary>
    public string RepositoryUrl { get; init; } = "";

    /// <summary>$(PackageLicenseExpression).</summary>
    public string LicenseExpression { get; init; } = "";

    /// <summary>$(PackageLicenseFile): a licence file packed into the project's own package.</summary>
    public string LicenseFile { get; init; } = "";
}
