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
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Integrity.PackageCache;
using PipelineSecurity.Build.Integrity.Signatures;

namespace PipelineSecurity.Build.Integrity;

/// <summary>What to check, free of MSBuild.</summary>
internal sealed record IntegrityRequest(
    IReadOnlyList<RestoredPackage> Packages,
    bool VerifySignatures,
    bool CheckPackageCache,
    SignaturePolicy Policy,
    string? VerdictStore,
    int MaxParallelism = 2)
{
    /// <summary>Ignore the stored verdicts: verify every signature and hash every file (CI builds, by default).</summary>
    public bool FullVerification { get; init; }

    /// <summary>Packages already checked by another project of the same build in this process; null: none shared.</summary>
    public IntegrityMemo? Memo { get; init; }

    /// <summary>The clock (tests move it to expire verdicts).</summary>
    public DateTime? NowUtc { get; init; }
}

/// <summary>
/// The findings in package order, how much work stored verdicts saved, and the content hash of each readable package
/// as it is now in the cache (keyed by lower-case id and normalized version), for the lock-file check.
/// </summary>
internal sealed record IntegrityResult(IReadOnlyList<IntegrityFinding> Findings, int PackagesChecked, int CacheHits, IReadOnlyDictionary<string, string> ContentHashes)
{
    public static string Key(string id, string version) => id.ToLowerInvariant() + "/" + version;

    /// <summary>Packages whose outcome another project of the same build had already established in this process.</summary>
    public int MemoHits { get; init; }

    /// <summary>Files whose bytes were read and hashed (.nupkg files and extracted files), for tests and benchmarks.</summary>
    public int FilesHashed { get; init; }

    /// <summary>When the oldest verdict this result rests on was established (now, for a package verified in full).</summary>
    public DateTime OldestVerdictUtc { get; init; }
}

/// <summary>
/// Verifies every package of a restore: signature (NuGet's signing code under the policy) and package-cache integrity,
/// in parallel. A package folder verified before is not verified again: its stored verdict (signature findings, content
/// hash, digests) is reused while the .nupkg's bytes are the same, and only the files the file system shows changed
/// since they were last found intact are hashed again. A verdict older than <see cref="VerdictCache.MaximumAge"/>, and every
/// verdict under <see cref="IntegrityRequest.FullVerification"/>, is redone from scratch.
/// </summary>
internal static class PackageIntegrityVerifier
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

        var store = VerdictCache.Open(request.VerdictStore);
        var settings = SettingsDigest(request);
        var now = request.NowUtc ?? DateTime.UtcNow;
        var counters = new Counters();
        var perPackage = new IReadOnlyList<IntegrityFinding>[request.Packages.Count];
        var verifiedUtc = new DateTime[request.Packages.Count];
        var contentHashes = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.MaxParallelism), CancellationToken = cancellation };
        Parallel.For(0, request.Packages.Count, options, index =>
        {
            var package = request.Packages[index];
            var memoKey = settings + "|" + request.FullVerification + "|" + package.ContentHash + "|" + package.Folder;
            if (request.Memo is not null && request.Memo.TryGet(memoKey, out var remembered))
            {
                Interlocked.Increment(ref counters.MemoHits);
                Interlocked.Increment(ref counters.CacheHits);
            }
            else
            {
                remembered = VerifyOne(request, package, store, settings, now, counters, cancellation);
                request.Memo?.Add(memoKey, remembered);
            }

            if (remembered.ContentHash is not null)
            {
                contentHashes[IntegrityResult.Key(package.Id, package.VersionText)] = remembered.ContentHash;
            }

            perPackage[index] = remembered.Findings;
            verifiedUtc[index] = remembered.VerifiedUtc;
        });

        return new IntegrityResult(general.Concat(perPackage.SelectMany(f => f)).ToArray(), request.Packages.Count, counters.CacheHits, contentHashes)
        {
            MemoHits = counters.MemoHits,
            FilesHashed = counters.FilesHashed,
            OldestVerdictUtc = verifiedUtc.Length == 0 ? now : verifiedUtc.Min(),
        };
    }

    private sealed class Counters
    {
        public int CacheHits;
        public int MemoHits;
        public int FilesHashed;
    }

    private static PackageOutcome VerifyOne(IntegrityRequest request, RestoredPackage package, VerdictCache store, string settings, DateTime now, Counters counters, CancellationToken cancellation)
    {
        if (string.IsNullOrEmpty(package.NupkgPath) || !File.Exists(package.NupkgPath))
        {
            return new PackageOutcome(new[]
            {
                IntegrityFinding.Create(
                    BuildDiagnostics.PackageNotInCache, package.NupkgPath.Length > 0 ? package.NupkgPath : null, package.Id, package.VersionText,
                    package.DisplayName, package.NupkgPath.Length > 0 ? package.NupkgPath : "no packages folder recorded", package.Folder),
            }, null, now);
        }

        var stored = request.FullVerification ? null : store.Load(package);
        if (stored is not null && (stored.Settings != settings || stored.VerifiedUtc > now || now - stored.VerifiedUtc >= VerdictCache.MaximumAge))
        {
            stored = null;
        }

        var nupkgStamp = FileChangeStamp.TryGet(package.NupkgPath);
        string sha512;
        if (nupkgStamp is { IsRegularFile: false })
        {
            return new PackageOutcome(new[] { NupkgUnreadable(package, "it is not a regular file") }, null, now);
        }

        if (stored is not null && nupkgStamp is not null && stored.NupkgStamp == nupkgStamp)
        {
            sha512 = stored.NupkgSha512;
        }
        else
        {
            try
            {
                Interlocked.Increment(ref counters.FilesHashed);
                sha512 = PackageFileDigests.Sha512OfFile(package.NupkgPath);
            }
            catch (InputRefusedException refused)
            {
                // A FIFO, a device or a dangling link where the .nupkg belongs, or a .nupkg over its cap: refused before it is read.
                return new PackageOutcome(new[] { IntegrityFinding.From(refused, package.NupkgPath) with { PackageId = package.Id, PackageVersion = package.VersionText } }, null, now);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
                return new PackageOutcome(new[] { NupkgUnreadable(package, failure.Message) }, null, now);
            }
        }

        PackageVerdict verdict;
        if (stored is not null && string.Equals(stored.NupkgSha512, sha512, StringComparison.Ordinal))
        {
            verdict = stored;
            Interlocked.Increment(ref counters.CacheHits);
        }
        else
        {
            verdict = Compute(request, package, sha512, settings, now, cancellation);
            stored = null;
        }

        var findings = verdict.SignatureFindings.Select(f => f with { File = package.NupkgPath, PackageId = package.Id, PackageVersion = package.VersionText }).ToList();
        var verifiedFiles = verdict.VerifiedFiles;
        if (request.CheckPackageCache && !findings.Any(f => f.Code == BuildDiagnosticIds.PackageUnreadable))
        {
            var check = PackageCacheChecker.Check(package, sha512, verdict.ContentHash, verdict.Entries, new KnownFiles(stored?.VerifiedFiles ?? KnownFiles.None.Stamps, now));
            Interlocked.Add(ref counters.FilesHashed, check.FilesHashed);
            findings.AddRange(check.Findings);
            verifiedFiles = check.Verified;
        }

        var keptNupkgStamp = nupkgStamp is { } settled && settled.SettledBefore(now) ? settled : (FileChangeStamp?)null;
        var updated = verdict with { NupkgStamp = keptNupkgStamp, VerifiedFiles = verifiedFiles };
        if (stored is null || stored.NupkgStamp != updated.NupkgStamp || !SameStamps(stored.VerifiedFiles, updated.VerifiedFiles))
        {
            store.Save(package, updated);
        }

        return new PackageOutcome(findings, verdict.ContentHash, verdict.VerifiedUtc);
    }

    private static bool SameStamps(IReadOnlyDictionary<string, FileChangeStamp> before, IReadOnlyDictionary<string, FileChangeStamp> after) =>
        before.Count == after.Count && before.All(pair => after.TryGetValue(pair.Key, out var stamp) && stamp == pair.Value);

    private static IntegrityFinding NupkgUnreadable(RestoredPackage package, string why) =>
        IntegrityFinding.Create(BuildDiagnostics.PackageCacheUnreadable, package.NupkgPath, package.Id, package.VersionText, ".nupkg", package.DisplayName, package.Folder, why);

    private static PackageVerdict Compute(IntegrityRequest request, RestoredPackage package, string sha512, string settings, DateTime now, CancellationToken cancellation)
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
                using (var reader = new PackageArchiveReader(InputFile.OpenRead(package.NupkgPath, InputKind.PackageArchive), leaveStreamOpen: false))
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

        return new PackageVerdict(VerdictCache.NormalizedFolder(package), settings, now, sha512, null, findings, contentHash, entries,
            new Dictionary<string, FileChangeStamp>());
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
                using var reader = new PackageArchiveReader(InputFile.OpenRead(package.NupkgPath, InputKind.PackageArchive), leaveStreamOpen: false);
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
