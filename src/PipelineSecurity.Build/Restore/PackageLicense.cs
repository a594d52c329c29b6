using System;
using System.Linq;
using System.Xml.Linq;

namespace PipelineSecurity.Build.Restore;

/// <summary>
/// What a package's nuspec says about its licence, read by one set of rules (<see cref="FromNuspec"/>) for the SBOM and
/// the policy alike: a nuspec with only a licence URL means the same thing to both.
/// </summary>
/// <param name="Expression">The SPDX expression, verbatim, for <see cref="PackageLicenseKind.Expression"/>.</param>
/// <param name="Detail">The licence file's path in the package (<see cref="PackageLicenseKind.File"/>), the URL
/// (<see cref="PackageLicenseKind.UrlOnly"/>), or why the nuspec could not be read.</param>
internal sealed record PackageLicense(PackageLicenseKind Kind, string? Expression, string? Detail)
{
    /// <summary>The prefix NuGet writes as licenseUrl for packages that declare an expression; the rest is the expression.</summary>
    public const string LicenseServicePrefix = "https://licenses.nuget.org/";

    public static readonly PackageLicense NotFound = new(PackageLicenseKind.NuspecNotFound, null, null);

    public static readonly PackageLicense None = new(PackageLicenseKind.None, null, null);

    /// <summary>For a licence file: the licenseUrl the nuspec gives beside it (NuGet's placeholder URL left out).</summary>
    public string? FileUrl { get; init; }

    /// <summary>
    /// The rules, in order: a <c>&lt;license type="expression"&gt;</c> is the expression; a <c>&lt;license type="file"&gt;</c>
    /// is a file in the package; otherwise a licenseUrl of the gallery's licence service (<c>https://licenses.nuget.org/MIT</c>)
    /// is the expression it names, NuGet's placeholder (<c>aka.ms/deprecateLicenseUrl</c>) is nothing, and any other URL
    /// is a URL only; no element at all is no licence.
    /// </summary>
    public static PackageLicense FromNuspec(XDocument nuspec)
    {
        var metadata = nuspec.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
        var license = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "license");
        var type = license?.Attribute("type")?.Value;
        var value = Trimmed(license?.Value);
        var url = Trimmed(metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "licenseUrl")?.Value);
        if (url is not null && url.IndexOf("aka.ms/deprecateLicenseUrl", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            url = null;
        }

        if (value is not null && string.Equals(type, "expression", StringComparison.OrdinalIgnoreCase))
        {
            return new PackageLicense(PackageLicenseKind.Expression, value, null);
        }

        if (value is not null && string.Equals(type, "file", StringComparison.OrdinalIgnoreCase))
        {
            return new PackageLicense(PackageLicenseKind.File, null, value) { FileUrl = url };
        }

        if (url is null)
        {
            return None;
        }

        if (url.StartsWith(LicenseServicePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var expression = Uri.UnescapeDataString(url.Substring(LicenseServicePrefix.Length)).Trim('/').Trim();
            if (expression.Length > 0)
            {
                return new PackageLicense(PackageLicenseKind.Expression, expression, null);
            }
        }

        return new PackageLicense(PackageLicenseKind.UrlOnly, null, url);
    }

    /// <summary>
    /// The <c>LicenseRef-</c> id of a package's licence file, the same in every document: <c>LicenseRef-&lt;id&gt;-&lt;version&gt;</c>
    /// with characters SPDX does not allow in an id replaced by '-'.
    /// </summary>
    public static string LicenseRef(string packageId, string version) => "LicenseRef-" + IdString(packageId + "-" + version);

    /// <summary>SPDX's idstring alphabet: letters, digits, '.' and '-'.</summary>
    public static string IdString(string value)
    {
        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'))
            {
                chars[i] = '-';
            }
        }

        return new string(chars);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}

internal enum PackageLicenseKind
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

    /// <summary>The nuspec is there but cannot be read (reported once, as PSF3002).</summary>
    Unreadable,
}
