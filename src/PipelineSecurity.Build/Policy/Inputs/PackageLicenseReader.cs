using System;
using System.Collections.Generic;
using System.IO;
using System.Xml;
using NuGet.Packaging;
using NuGet.Packaging.Licenses;
using NuGet.Versioning;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Policy.Inputs;

/// <summary>What a package's nuspec says about its licence.</summary>
public sealed record PackageLicense(PackageLicenseKind Kind, string? Expression, string? Detail)
{
    public static readonly PackageLicense NotFound = new(PackageLicenseKind.NuspecNotFound, null, null);
}

public enum PackageLicenseKind
{
    /// <summary>An SPDX expression (&lt;license type="expression"&gt;, or a licenseUrl of the gallery's licence service).</summary>
    Expression,

    /// <summary>A licence file in the package: its terms are unknown to a machine.</summary>
    File,

    /// <summary>Only a (deprecated) licenseUrl pointing somewhere else.</summary>
    UrlOnly,

    /// <summary>No licence information at all.</summary>
    None,

    /// <summary>The package's nuspec is not in any package folder restore used.</summary>
    NuspecNotFound,
}

/// <summary>
/// Reads the licence of restored packages from their nuspec in the package folders listed by the assets file
/// (<c>&lt;folder&gt;/&lt;id&gt;/&lt;version&gt;/&lt;id&gt;.nuspec</c>, lower-case, as NuGet extracts them).
/// </summary>
public sealed class PackageLicenseReader
{
    /// <summary>The prefix NuGet writes as licenseUrl for packages that declare an expression; the rest is the expression.</summary>
    private const string LicenseServicePrefix = "https://licenses.nuget.org/";

    private readonly IReadOnlyList<string> _packageFolders;

    public PackageLicenseReader(IReadOnlyList<string> packageFolders) => _packageFolders = packageFolders;

    public PackageLicense Read(string id, NuGetVersion version)
    {
        foreach (var folder in _packageFolders)
        {
            var lowerId = id.ToLowerInvariant();
            var nuspec = Path.Combine(folder, lowerId, version.ToNormalizedString().ToLowerInvariant(), lowerId + ".nuspec");
            if (File.Exists(nuspec))
            {
                return ReadNuspec(nuspec);
            }
        }

        return PackageLicense.NotFound;
    }

    public static PackageLicense ReadNuspec(string nuspecPath)
    {
        NuspecReader reader;
        try
        {
            using var stream = new MemoryStream(InputFile.ReadAllBytes(nuspecPath, InputKind.PackageMetadata), writable: false);
            reader = new NuspecReader(stream);
            return FromReader(reader);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or XmlException or InvalidDataException or NuGet.Packaging.Core.PackagingException or InputRefusedException)
        {
            // A damaged nuspec is not this policy's verdict to make (the integrity checks report it): treat it as no licence.
            return new PackageLicense(PackageLicenseKind.None, null, "the nuspec cannot be read: " + failure.Message);
        }
    }

    private static PackageLicense FromReader(NuspecReader reader)
    {
        var metadata = reader.GetLicenseMetadata();
        if (metadata is not null)
        {
            return metadata.Type == LicenseType.Expression
                ? new PackageLicense(PackageLicenseKind.Expression, metadata.License, null)
                : new PackageLicense(PackageLicenseKind.File, null, metadata.License);
        }

        var url = reader.GetLicenseUrl();
        if (url is null || string.IsNullOrWhiteSpace(url))
        {
            return new PackageLicense(PackageLicenseKind.None, null, null);
        }

        if (url.StartsWith(LicenseServicePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var expression = Uri.UnescapeDataString(url.Substring(LicenseServicePrefix.Length)).Trim('/');
            if (expression.Length > 0)
            {
                return new PackageLicense(PackageLicenseKind.Expression, expression, null);
            }
        }

        return new PackageLicense(PackageLicenseKind.UrlOnly, null, url);
    }
}
