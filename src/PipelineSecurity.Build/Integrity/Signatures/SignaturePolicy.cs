using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Integrity.Signatures;

/// <summary>Which signature a package must carry (<c>PipelineSecurityRequiredSignature</c>).</summary>
internal enum RequiredSignature
{
    /// <summary>No signature needed; signed packages are still verified.</summary>
    None,

    /// <summary>Some valid signature; an unsigned package is a warning (PSF5002).</summary>
    Any,

    /// <summary>A repository signature or repository countersignature; anything else is an error (PSF5003).</summary>
    Repository,

    /// <summary>An author signature; anything else is an error (PSF5003).</summary>
    Author,
}

/// <summary>A trusted repository: its certificate's SHA-256 fingerprint or its service index URL, and optionally the package owners it may serve.</summary>
internal sealed record TrustedRepository(string? CertificateFingerprint, string? ServiceIndexUrl, IReadOnlyList<string> Owners);

/// <summary>
/// The signature policy of one build: from the <c>PipelineSecurity*</c> properties, plus nuget.config's <c>trustedSigners</c>.
/// When no author and no repository is listed, any signature that chains to a trusted root is accepted.
/// </summary>
internal sealed class SignaturePolicy
{
    public SignaturePolicy(
        RequiredSignature required,
        IReadOnlyCollection<string> trustedAuthors,
        IReadOnlyList<TrustedRepository> trustedRepositories,
        bool onlineRevocation,
        IReadOnlyList<string>? unsignedAllowed = null)
    {
        UnsignedAllowed = unsignedAllowed ?? Array.Empty<string>();
        Required = required;
        TrustedAuthors = new HashSet<string>(trustedAuthors.Select(NormalizeFingerprint), StringComparer.Ordinal);
        TrustedRepositories = trustedRepositories;
        OnlineRevocation = onlineRevocation;
    }

    public RequiredSignature Required { get; }

    /// <summary>Upper-case hex SHA-256 fingerprints of trusted author signing certificates.</summary>
    public ISet<string> TrustedAuthors { get; }

    public IReadOnlyList<TrustedRepository> TrustedRepositories { get; }

    public bool OnlineRevocation { get; }

    /// <summary>Package ids (a trailing '*' matches a prefix) that may be unsigned whatever signature is required.</summary>
    public IReadOnlyList<string> UnsignedAllowed { get; }

    public bool AllowsUnsigned(string packageId) =>
        UnsignedAllowed.Any(pattern => pattern.EndsWith("*", StringComparison.Ordinal)
            ? packageId.StartsWith(pattern.Substring(0, pattern.Length - 1), StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern, packageId, StringComparison.OrdinalIgnoreCase));

    public bool HasAllowList => TrustedAuthors.Count > 0 || TrustedRepositories.Count > 0;

    public static SignaturePolicy Default { get; } = new(RequiredSignature.Any, Array.Empty<string>(), Array.Empty<TrustedRepository>(), onlineRevocation: false);

    /// <summary>Parses the MSBuild property values; a bad value is a coded error that names the property.</summary>
    public static SignaturePolicy Parse(string? required, string? trustedAuthors, string? trustedRepositories, string? revocationMode, string? unsignedAllowed = null)
    {
        var requiredKind = (required ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "any" => RequiredSignature.Any,
            "none" => RequiredSignature.None,
            "repository" => RequiredSignature.Repository,
            "author" => RequiredSignature.Author,
            _ => throw Invalid("PipelineSecurityRequiredSignature", required!, "one of none, any, repository, author"),
        };

        var authors = new List<string>();
        foreach (var author in Split(trustedAuthors, ';'))
        {
            authors.Add(ParseFingerprint(author, "PipelineSecurityTrustedAuthors"));
        }

        var repositories = new List<TrustedRepository>();
        foreach (var entry in Split(trustedRepositories, ';'))
        {
            var bar = entry.IndexOf('|');
            var key = (bar < 0 ? entry : entry.Substring(0, bar)).Trim();
            var owners = bar < 0 ? Array.Empty<string>() : Split(entry.Substring(bar + 1), ',').ToArray();
            if (Uri.TryCreate(key, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
            {
                repositories.Add(new TrustedRepository(null, url.AbsoluteUri, owners));
            }
            else
            {
                repositories.Add(new TrustedRepository(ParseFingerprint(key, "PipelineSecurityTrustedRepositories"), null, owners));
            }
        }

        var online = (revocationMode ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "offline" => false,
            "online" => true,
            _ => throw Invalid("PipelineSecurityRevocationMode", revocationMode!, "offline or online"),
        };

        return new SignaturePolicy(requiredKind, authors, repositories, online, Split(unsignedAllowed, ';').ToArray());
    }

    /// <summary>A stable text of everything that changes a verdict, for the verdict cache key.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("required=").Append(Required).Append(";revocation=").Append(OnlineRevocation ? "online" : "offline")
            .Append(";unsigned=").Append(string.Join(",", UnsignedAllowed));
        foreach (var author in TrustedAuthors.OrderBy(a => a, StringComparer.Ordinal))
        {
            text.Append(";author=").Append(author);
        }

        foreach (var repository in TrustedRepositories)
        {
            text.Append(";repository=").Append(repository.CertificateFingerprint).Append('|').Append(repository.ServiceIndexUrl)
                .Append('|').Append(string.Join(",", repository.Owners));
        }

        return text.ToString();
    }

    public SignaturePolicy WithTrustedSigners(IReadOnlyCollection<string> authors, IReadOnlyList<TrustedRepository> repositories) =>
        new(Required, TrustedAuthors.Concat(authors).ToArray(), TrustedRepositories.Concat(repositories).ToArray(), OnlineRevocation, UnsignedAllowed);

    public SignaturePolicy WithRevocation(bool online) =>
        new(Required, TrustedAuthors.ToArray(), TrustedRepositories, online, UnsignedAllowed);

    public static string NormalizeFingerprint(string fingerprint) =>
        fingerprint.Replace(":", "").Replace(" ", "").Trim().ToUpperInvariant();

    private static string ParseFingerprint(string value, string property)
    {
        var fingerprint = NormalizeFingerprint(value);
        if (fingerprint.Length != 64 || !fingerprint.All(Uri.IsHexDigit))
        {
            throw Invalid(property, value, "a SHA-256 certificate fingerprint (64 hexadecimal digits, as 'dotnet nuget verify -v n' prints it)");
        }

        return fingerprint;
    }

    private static IEnumerable<string> Split(string? value, char separator) =>
        (value ?? "").Split(separator).Select(part => part.Trim()).Where(part => part.Length > 0);

    private static BuildDiagnosticException Invalid(string property, string value, string expected) =>
        BuildDiagnostics.IntegrityPolicyInvalid.Failure(
            file: null, property, $"has the value '{value}', which is not {expected}", "the value in the project file, Directory.Build.props or the policy file");
}
