using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using NuGet.Common;
using NuGet.Packaging;
using NuGet.Packaging.Signing;
using PipelineSecurity.Build.Restore;
using HashAlgorithmName = NuGet.Common.HashAlgorithmName;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Integrity.Signatures;

/// <summary>
/// Verifies one .nupkg with NuGet's own signing code (integrity, certificate chain, timestamp, revocation) under
/// verify semantics, then applies the signature policy: the required kind and the trusted authors and repositories.
/// </summary>
internal static class PackageSignatureChecker
{
    private static readonly object TrustStoreLock = new();
    private static bool trustStoreInitialized;

    public static IReadOnlyList<IntegrityFinding> Check(RestoredPackage package, SignaturePolicy policy, CancellationToken cancellation = default)
    {
        EnsureTrustStore();
        var findings = new List<IntegrityFinding>();
        try
        {
            using var stream = InputFile.OpenRead(package.NupkgPath, InputKind.PackageArchive);
            using var reader = new PackageArchiveReader(stream, leaveStreamOpen: false);
            if (!reader.IsSignedAsync(cancellation).GetAwaiter().GetResult())
            {
                ReportUnsigned(package, policy, findings);
                return findings;
            }

            // The signature is read (and its certificates parsed, the costliest part after the chains) by the verifier; read
            // here first only when a pinned author must be known before it runs.
            var primary = policy.TrustedAuthors.Count > 0 ? reader.GetPrimarySignatureAsync(cancellation).GetAwaiter().GetResult() : null;
            var verifier = new PackageSignatureVerifier(new ISignatureVerificationProvider[]
            {
                new IntegrityVerificationProvider(),
                new SignatureTrustAndValidityVerificationProvider(),
            });
            // A pinned author certificate is trusted for itself, like nuget.config's allowUntrustedRoot: its chain may end in a
            // private root. Integrity, validity and timestamp are still verified.
            var pinnedAuthor = primary?.Type == SignatureType.Author && Fingerprint(primary.SignerInfo.Certificate) is { } fingerprint
                               && policy.TrustedAuthors.Contains(fingerprint);
            var result = verifier.VerifySignaturesAsync(reader, VerifierSettings(policy, pinnedAuthor), cancellation, Guid.Empty).GetAwaiter().GetResult();
            primary ??= result.Results.OfType<SignedPackageVerificationResult>().Select(r => r.Signature).FirstOrDefault(s => s is not null)
                        ?? reader.GetPrimarySignatureAsync(cancellation).GetAwaiter().GetResult();
            ReportIssues(package, policy, result.Results.SelectMany(r => r.Issues), findings);
            if (findings.Any(f => f.IsError) || primary is null)
            {
                return findings;
            }

            CheckKindAndTrust(package, policy, primary, findings);
        }
        catch (Exception failure) when (failure is SignatureException or InvalidDataException or IOException or UnauthorizedAccessException
                                           or CryptographicException or InvalidOperationException or ArgumentException or NuGet.Packaging.Core.PackagingException)
        {
            findings.Add(Unreadable(package, failure));
        }

        return findings;
    }

    /// <summary>
    /// Points NuGet at the .NET SDK's code-signing and timestamping root lists (trustedroots/*.pem beside the running MSBuild).
    /// NuGet honours only the first call in a process, so every verification goes through here first.
    /// </summary>
    public static void EnsureTrustStore()
    {
        lock (TrustStoreLock)
        {
            if (!trustStoreInitialized)
            {
                X509TrustStore.InitializeForDotNetSdk(NullLogger.Instance);
                trustStoreInitialized = true;
            }
        }
    }

    private static SignedPackageVerifierSettings VerifierSettings(SignaturePolicy policy, bool allowUntrustedRoot) =>
        new(
            allowUnsigned: false,
            allowIllegal: false,
            allowUntrusted: allowUntrustedRoot,
            allowIgnoreTimestamp: true,
            allowMultipleTimestamps: true,
            allowNoTimestamp: true,
            allowUnknownRevocation: true,
            reportUnknownRevocation: policy.OnlineRevocation,
            verificationTarget: VerificationTarget.All,
            signaturePlacement: SignaturePlacement.Any,
            repositoryCountersignatureVerificationBehavior: SignatureVerificationBehavior.IfExists,
            revocationMode: policy.OnlineRevocation ? RevocationMode.Online : RevocationMode.Offline);

    private static void ReportUnsigned(RestoredPackage package, SignaturePolicy policy, List<IntegrityFinding> findings)
    {
        if (policy.AllowsUnsigned(package.Id))
        {
            return;
        }

        switch (policy.Required)
        {
            case RequiredSignature.Any:
                findings.Add(IntegrityFinding.Create(BuildDiagnostics.PackageUnsigned, package.NupkgPath, package.Id, package.VersionText, package.DisplayName));
                break;
            case RequiredSignature.Author:
            case RequiredSignature.Repository:
                var required = policy.Required.ToString().ToLowerInvariant();
                findings.Add(IntegrityFinding.Create(
                    BuildDiagnostics.RequiredSignatureMissing, package.NupkgPath, package.Id, package.VersionText,
                    package.DisplayName, "is not signed", required, $"an {required} signature",
                    "Use a package from a source that signs it, list its id in PipelineSecurityUnsignedPackagesAllowed, or relax PipelineSecurityRequiredSignature."));
                break;
        }
    }

    private static void ReportIssues(RestoredPackage package, SignaturePolicy policy, IEnumerable<SignatureLog> issues, List<IntegrityFinding> findings)
    {
        var reportedRevocation = false;
        foreach (var issue in issues)
        {
            if (issue.Level >= LogLevel.Error)
            {
                findings.Add(ErrorFor(package, issue));
            }
            else if (policy.OnlineRevocation && issue.Level == LogLevel.Warning && IsRevocationUnknown(issue) && !reportedRevocation)
            {
                reportedRevocation = true;
                findings.Add(IntegrityFinding.Create(
                    BuildDiagnostics.RevocationStatusUnknown, package.NupkgPath, package.Id, package.VersionText,
                    "the certificates that signed " + package.DisplayName, $"{issue.Code}: {issue.Message}; the revocation servers could not be reached"));
            }
        }
    }

    // NuGet reports an unknown revocation status as a chain warning (NU3018/NU3028) whose text names revocation; the same
    // codes also carry other chain warnings (an untrusted root allowed for a pinned author), which are not this.
    private static bool IsRevocationUnknown(SignatureLog issue) =>
        issue.Message.IndexOf("revocation", StringComparison.OrdinalIgnoreCase) >= 0;

    private static IntegrityFinding ErrorFor(RestoredPackage package, SignatureLog issue)
    {
        switch (issue.Code)
        {
            case NuGetLogCode.NU3008:
                return IntegrityFinding.Create(
                    BuildDiagnostics.PackageSignatureInvalid, package.NupkgPath, package.Id, package.VersionText,
                    package.DisplayName, "fails its integrity check: its content no longer matches the hash its signature covers", issue.Code, issue.Message,
                    "The package was modified after signing. ", package.Folder);
            case NuGetLogCode.NU3018:
            case NuGetLogCode.NU3028:
            case NuGetLogCode.NU3037:
            case NuGetLogCode.NU3012:
            case NuGetLogCode.NU3024:
            case NuGetLogCode.NU3036:
                return IntegrityFinding.Create(
                    BuildDiagnostics.PackageCertificateNotTrusted, package.NupkgPath, package.Id, package.VersionText, package.DisplayName, issue.Code, issue.Message);
            default:
                return IntegrityFinding.Create(
                    BuildDiagnostics.PackageSignatureInvalid, package.NupkgPath, package.Id, package.VersionText,
                    package.DisplayName, "has an invalid signature", issue.Code, issue.Message, "", package.Folder);
        }
    }

    private static void CheckKindAndTrust(RestoredPackage package, SignaturePolicy policy, PrimarySignature primary, List<IntegrityFinding> findings)
    {
        // Nothing to decide with the defaults (any signature, no allow-list): the countersignature and the certificates,
        // each parsed anew from the signature on every access, are read only when a requirement needs them.
        if (policy.Required is RequiredSignature.Any or RequiredSignature.None && !policy.HasAllowList)
        {
            return;
        }

        var countersignature = primary.Type == SignatureType.Author ? RepositoryCountersignature.GetRepositoryCountersignature(primary) : null;
        IRepositorySignature? repository = primary as RepositoryPrimarySignature ?? (IRepositorySignature?)countersignature;

        if (policy.Required == RequiredSignature.Author && primary.Type != SignatureType.Author)
        {
            findings.Add(IntegrityFinding.Create(
                BuildDiagnostics.RequiredSignatureMissing, package.NupkgPath, package.Id, package.VersionText,
                package.DisplayName, $"has no author signature (only a {Describe(primary.Type)} signature)", "author", "one",
                "Use an author-signed package, or set PipelineSecurityRequiredSignature=repository or any."));
            return;
        }

        if (policy.Required == RequiredSignature.Repository && repository is null)
        {
            findings.Add(IntegrityFinding.Create(
                BuildDiagnostics.RequiredSignatureMissing, package.NupkgPath, package.Id, package.VersionText,
                package.DisplayName, "has no repository signature (only an author signature)", "repository", "one",
                "Restore it from a feed that repository-signs packages, or set PipelineSecurityRequiredSignature=author or any."));
            return;
        }

        if (!policy.HasAllowList)
        {
            return;
        }

        var authorFingerprint = primary.Type == SignatureType.Author ? Fingerprint(primary.SignerInfo.Certificate) : null;
        if (authorFingerprint is not null && policy.TrustedAuthors.Contains(authorFingerprint))
        {
            return;
        }

        var repositoryCertificate = primary.Type == SignatureType.Repository ? primary.SignerInfo.Certificate : countersignature?.SignerInfo.Certificate;
        if (repository is not null && repositoryCertificate is not null)
        {
            var repositoryFingerprint = Fingerprint(repositoryCertificate);
            var serviceIndex = repository.V3ServiceIndexUrl?.AbsoluteUri;
            foreach (var trusted in policy.TrustedRepositories)
            {
                var sameRepository = trusted.CertificateFingerprint is not null
                    ? string.Equals(trusted.CertificateFingerprint, repositoryFingerprint, StringComparison.Ordinal)
                    : string.Equals(trusted.ServiceIndexUrl, serviceIndex, StringComparison.OrdinalIgnoreCase);
                if (sameRepository && OwnersAllowed(trusted.Owners, repository.PackageOwners))
                {
                    return;
                }
            }
        }

        var signer = authorFingerprint is not null ? $"author certificate SHA-256 {authorFingerprint}" : "no trusted author";
        var via = repository is null
            ? "no repository signature"
            : $"repository {repository.V3ServiceIndexUrl} (certificate SHA-256 {Fingerprint(repositoryCertificate) ?? "unknown"}) with owners [{string.Join(", ", repository.PackageOwners ?? (IReadOnlyList<string>)Array.Empty<string>())}]";
        findings.Add(IntegrityFinding.Create(BuildDiagnostics.PackageSignerNotTrusted, package.NupkgPath, package.Id, package.VersionText, package.DisplayName, signer, via));
    }

    private static bool OwnersAllowed(IReadOnlyList<string> allowed, IReadOnlyList<string>? owners) =>
        allowed.Count == 0 || (owners is not null && owners.Any(owner => allowed.Contains(owner, StringComparer.OrdinalIgnoreCase)));

    private static string Describe(SignatureType type) => type == SignatureType.Repository ? "repository" : type.ToString().ToLowerInvariant();

    private static string? Fingerprint(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate) =>
        certificate is null ? null : CertificateUtility.GetHashString(certificate, HashAlgorithmName.SHA256).ToUpperInvariant();

    private static IntegrityFinding Unreadable(RestoredPackage package, Exception failure) =>
        IntegrityFinding.Create(
            BuildDiagnostics.PackageUnreadable, package.NupkgPath, package.Id, package.VersionText,
            package.DisplayName, failure.GetType().Name, failure.Message, "corrupt, truncated or its signature is damaged", package.Folder);
}
