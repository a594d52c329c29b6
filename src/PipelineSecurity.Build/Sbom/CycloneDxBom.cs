using System;
using System.Collections.Generic;

namespace PipelineSecurity.Build.Sbom;

/// <summary>
/// The subset of a CycloneDX 1.6 document this package writes. Plain data: <see cref="SbomBuilder"/> fills it,
/// <see cref="CycloneDxSerializer"/> writes it in a fixed order.
/// </summary>
internal sealed record CycloneDxBom(
    BomComponent Subject,
    BomTool Tool,
    IReadOnlyList<BomComponent> Components,
    IReadOnlyList<BomDependency> Dependencies,
    DateTimeOffset? Timestamp,
    string? SerialNumber)
{
    /// <summary>The organisation that supplies the software described (<c>metadata.supplier</c>).</summary>
    public BomOrganization? Supplier { get; init; }

    /// <summary>The organisation that built it (<c>metadata.manufacturer</c>).</summary>
    public BomOrganization? Manufacturer { get; init; }

    /// <summary>The people who wrote the BOM's subject (<c>metadata.authors</c>).</summary>
    public IReadOnlyList<string> Authors { get; init; } = Array.Empty<string>();

    /// <summary>The lifecycle phase the data was captured in (<c>build</c>).</summary>
    public string Lifecycle { get; init; } = "build";

    /// <summary>The target framework a per-framework BOM describes; null when it covers all.</summary>
    public string? TargetFramework { get; init; }
}

/// <summary>An organisation: name, URLs and a contact (e-mail or URL) for security reports.</summary>
internal sealed record BomOrganization(string Name, IReadOnlyList<string> Urls, string? ContactEmail, string? ContactName);

/// <summary>The tool that wrote the document (this package).</summary>
internal sealed record BomTool(string Name, string Version);

internal sealed record BomComponent(string BomRef, string Type, string Name, string Version, string Purl)
{
    /// <summary><c>required</c>, or <c>excluded</c> for development-only packages and what only they bring in.</summary>
    public string? Scope { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> Authors { get; init; } = Array.Empty<string>();

    public string? Supplier { get; init; }

    public string? Copyright { get; init; }

    public IReadOnlyList<BomHash> Hashes { get; init; } = Array.Empty<BomHash>();

    public BomLicense? License { get; init; }

    public IReadOnlyList<BomExternalReference> ExternalReferences { get; init; } = Array.Empty<BomExternalReference>();

    public IReadOnlyList<BomProperty> Properties { get; init; } = Array.Empty<BomProperty>();

    /// <summary>The component's own supplier as an organisation (the project itself), written instead of <see cref="Supplier"/>.</summary>
    public BomOrganization? SupplierOrganization { get; init; }

    /// <summary>Published files that come from this component (type <c>file</c>, nested), with their hashes.</summary>
    public IReadOnlyList<BomComponent> Files { get; init; } = Array.Empty<BomComponent>();

    /// <summary>Where the component's files are in the publish folder (<c>evidence.occurrences</c>).</summary>
    public IReadOnlyList<string> Occurrences { get; init; } = Array.Empty<string>();
}

/// <param name="Algorithm">CycloneDX algorithm name, e.g. <c>SHA-512</c>.</param>
/// <param name="Content">Lower-case hex.</param>
internal sealed record BomHash(string Algorithm, string Content);

/// <summary>A declared licence: an SPDX expression, or a name (a licence file in the package) and/or a URL.</summary>
internal sealed record BomLicense(string? Expression, string? Name, string? Url)
{
    /// <summary>The <c>LicenseRef-</c> id of a licence that is a file in the package (SPDX: an extracted licence).</summary>
    public string? LicenseRef { get; init; }

    /// <summary>The licence text, when asked to include it.</summary>
    public BomText? Text { get; init; }
}

/// <summary>An attachment: base64 content with its content type.</summary>
internal sealed record BomText(string ContentType, string Base64Content);

/// <param name="Type">CycloneDX reference type: <c>website</c>, <c>vcs</c>, <c>license</c>.</param>
internal sealed record BomExternalReference(string Type, string Url, string? Comment);

internal sealed record BomProperty(string Name, string Value);

/// <summary>One node of the graph: <paramref name="Ref"/> depends directly on <paramref name="DependsOn"/> (bom-refs).</summary>
internal sealed record BomDependency(string Ref, IReadOnlyList<string> DependsOn);
