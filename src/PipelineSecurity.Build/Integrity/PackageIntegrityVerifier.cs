using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NuGet.Packaging;
using PipelineSecurity.Build.Integrity.PackageCache;
using PipelineSecurity.Build.Integrity.Signatures;
using PipelineSecurity.Build.Restore;

namespace PipelineSecurity.Build.Integrity;

/// <summary>What to check, free of MSBuild.</summary>
public sealed record IntegrityRequest(
    IReadOnlyList<RestoredPackage> Packages,
    bool VerifySignatures,
    bool CheckPackageCache,
    SignaturePolicy Policy,
    string? VerdictCacheFile,
    int MaxParallelism = 2);

/// <summary>The findings in package order, and how much work the verdict cache saved.</summary>
/// <summary>
/// The findings in package order, how much work the verdict cache saved, and the content hash of each readable package
/// as it is now in the cache (keyed by lower-case id and normalized version), for the lock-file check.
/// </summary>
public sealed record IntegrityResult(IReadOnlyList<IntegrityFinding> Findings, int PackagesChecked, int CacheHits, IReadOnlyDictionary<string, string> ContentHashes)
{
    public static string Key(string id, string version) => id.ToLowerInvariant() + "/" + version;
}

/// <summary>
/// Verifies every package of a restore: signature (NuGet's signing code under the policy) and package-cache integrity,
/// in parallel, re-using the verdict of any .nupkg whose bytes and settings were seen before.
/// </summary>
public static class PackageIntegrityVerifier
{
    private static readonly string LogicVersion = typeof(PackageIntegrityVerifier).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                                                  ?? typeof(PackageIntegrityVerifier).Assembly.GetName().Version?.ToString() ?? "0";

    public static IntegrityResult Verify(IntegrityRequest request, CancellationToken cancellation = default)
    {
        var general = new List<IntegrityFinding>();
        if (request.VerifySignatures && request.Policy.OnlineRevocation && !RevocationServersReachable(request.Packages, out var hosts))
        {
            request = request with { Policy = request.Policy.WithRevocation(online: false) };
            general.Add(IntegrityFinding.Create(
                BuildDiagnostics.RevocationStatusUnknown, file: null, id: null, version: null,
                "the signing certificates",
                $"the certificate revocation servers ({hosts}) did not answer within {RevocationProbeTimeout.TotalSeconds:0} s, so certificates were checked offline instead of waiting on the network"));
        }

        var cache = VerdictCache.Open(request.VerdictCacheFile);
        var settings = SettingsDigest(request);
        var now = DateTime.UtcNow;
        var perPackage = new IReadOnlyList<IntegrityFinding>[request.Packages.Count];
        var contentHashes = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.MaxParallelism), CancellationToken = cancellation };
        Parallel.For(0, request.Packages.Count, options, index =>
            perPackage[index] = VerifyOne(request, request.Packages[index], cache, settings, now, contentHashes, cancellation));

        cache.Save(now);
        return new IntegrityResult(general.Concat(perPackage.SelectMany(f => f)).ToArray(), request.Packages.Count, cache.Hits, contentHashes);
    }

    private static IReadOnlyList<IntegrityFinding> VerifyOne(IntegrityRequest request, RestoredPackage package, VerdictCache cache, string settings, DateTime now,
        System.Collections.Concurrent.ConcurrentDictionary<string, string> contentHashes, CancellationToken cancellation)
    {
        if (string.IsNullOrEmpty(package.NupkgPath) || !File.Exists(package.NupkgPath))
        {
            return new[]
            {
                IntegrityFinding.Create(
                    BuildDiagnostics.PackageNotInCache, package.NupkgPath.Length > 0 ? package.NupkgPath : null, package.Id, package.VersionText,
                    package.DisplayName, package.NupkgPath.Length > 0 ? package.NupkgPath : "no packages folder recorded", package.Folder),
            };
        }

        string sha512;
        try
        {
            sha512 = PackageFileDigests.Sha512OfFile(package.NupkgPath);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return new[]
            {
                IntegrityFinding.Create(
                    BuildDiagnostics.PackageCacheUnreadable, package.NupkgPath, package.Id, package.VersionText,
                    ".nupkg", package.DisplayName, package.Folder, failure.Message),
            };
        }

        var key = sha512 + "|" + settings;
        if (!cache.TryGet(key, now, out var verdict))
        {
            verdict = Compute(request, package, key, now, cancellation);
            cache.Add(verdict);
        }

        if (verdict.ContentHash is not null)
        {
            contentHashes[IntegrityResult.Key(package.Id, package.VersionText)] = verdict.ContentHash;
        }

        var findings = verdict.SignatureFindings.Select(f => f with { File = package.NupkgPath, PackageId = package.Id, PackageVersion = package.VersionText }).ToList();
        if (request.CheckPackageCache && !findings.Any(f => f.Code == BuildDiagnosticIds.PackageUnreadable))
        {
            findings.AddRange(PackageCacheChecker.Check(package, sha512, verdict.ContentHash, verdict.Entries));
        }

        return findings;
    }

    private static PackageVerdict Compute(IntegrityRequest request, RestoredPackage package, string key, DateTime now, CancellationToken cancellation)
    {
        var findings = request.VerifySignatures
            ? PackageSignatureChecker.Check(package, request.Policy, cancellation).ToList()
            : new List<IntegrityFinding>();
        string? contentHash = null;
        IReadOnlyDictionary<string, FileDigest> entries = new Dictionary<string, FileDigest>();
        if (!findings.Any(f => f.Code == BuildDiagnosticIds.PackageUnreadable))
        {
            try
            {
                using (var reader = new PackageArchiveReader(package.NupkgPath))
                {
                    contentHash = reader.GetContentHash(cancellation);
                }

                if (request.CheckPackageCache)
                {
                    entries = PackageFileDigests.DigestsOfEntries(package.NupkgPath);
                }
            }
            catch (Exception failure) when (failure is InvalidDataException or IOException or UnauthorizedAccessException or CryptographicException
                                               or InvalidOperationException or ArgumentException or NuGet.Packaging.Core.PackagingException)
            {
                findings.Add(IntegrityFinding.Create(
                    BuildDiagnostics.PackageUnreadable, package.NupkgPath, package.Id, package.VersionText,
                    package.DisplayName, failure.GetType().Name, failure.Message, "corrupt or truncated", package.Folder));
            }
        }

        return new PackageVerdict(key, now, findings, contentHash, entries);
    }

    public static readonly TimeSpan RevocationProbeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Probes the revocation servers named by the signing certificates of the first few signed packages.</summary>
    private static bool RevocationServersReachable(IReadOnlyList<RestoredPackage> packages, out string hosts)
    {
        var urls = new List<Uri>();
        foreach (var package in packages.Where(p => File.Exists(p.NupkgPath)).Take(16))
        {
            try
            {
                using var reader = new PackageArchiveReader(package.NupkgPath);
                var certificate = reader.GetPrimarySignatureAsync(CancellationToken.None).GetAwaiter().GetResult()?.SignerInfo.Certificate;
                if (certificate is not null)
                {
                    urls.AddRange(RevocationServerProbe.RevocationUrls(certificate));
                }
            }
            catch (Exception failure) when (failure is InvalidDataException or IOException or UnauthorizedAccessException or CryptographicException
                                               or InvalidOperationException or NuGet.Packaging.Core.PackagingException or NuGet.Packaging.Signing.SignatureException)
            {
                // An unreadable package is reported by its own check.
            }

            if (urls.Count >= 4)
            {
                break;
            }
        }

        hosts = string.Join(", ", urls.Select(u => u.Host).Distinct(StringComparer.OrdinalIgnoreCase).Take(4));
        return RevocationServerProbe.AnyReachable(urls, RevocationProbeTimeout);
    }

    /// <summary>Everything besides the .nupkg's bytes that changes a verdict: the checks asked for, the policy and this code's version.</summary>
    private static string SettingsDigest(IntegrityRequest request)
    {
        var text = $"{LogicVersion};signatures={request.VerifySignatures};cache={request.CheckPackageCache};{request.Policy.Describe()}";
        using var sha = SHA256.Create();
        return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text))).Substring(0, 16);
    }
}
