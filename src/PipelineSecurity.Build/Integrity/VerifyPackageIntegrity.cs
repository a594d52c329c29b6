using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.Build.Framework;
using NuGet.Configuration;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Integrity.LockFiles;
using PipelineSecurity.Build.Integrity.NoOp;
using PipelineSecurity.Build.Integrity.PackageCache;
using PipelineSecurity.Build.Integrity.Signatures;
using PipelineSecurity.Build.Restore;

namespace PipelineSecurity.Build.Integrity;

/// <summary>
/// MSBuild task: verifies every restored package's signature and its files in the packages folder, and the lock file,
/// and logs each problem with its PSF5xxx code. Maps the properties to an <see cref="IntegrityRequest"/>; the logic is MSBuild-free.
/// </summary>
public sealed class VerifyPackageIntegrity : PipelineSecurityTask, ICancelableTask
{
    private readonly CancellationTokenSource cancellation = new();

    [Required]
    public string AssetsFile { get; set; } = "";

    /// <summary>Folder whose nuget.config files (the ones restore used) may hold &lt;trustedSigners&gt;.</summary>
    public string ProjectDirectory { get; set; } = "";

    public bool VerifySignatures { get; set; } = true;

    public bool CheckPackageCache { get; set; } = true;

    public bool CheckLockFile { get; set; } = true;

    public bool RequireLockFile { get; set; }

    public string LockFile { get; set; } = "";

    public string RequiredSignature { get; set; } = "any";

    public string TrustedAuthors { get; set; } = "";

    public string TrustedRepositories { get; set; } = "";

    public string RevocationMode { get; set; } = "offline";

    /// <summary>';'-separated package ids (trailing '*' for a prefix) accepted without a signature.</summary>
    public string UnsignedPackagesAllowed { get; set; } = "";

    /// <summary>Folder of the verdict store shared by every build on the machine; empty: no store.</summary>
    public string VerdictStore { get; set; } = "";

    /// <summary>true: ignore stored verdicts, verify every signature and hash every file (once per build and process).</summary>
    public bool FullVerification { get; set; }

    /// <summary>Where this project's <see cref="IntegritySnapshot"/> is kept (its obj folder); empty: none, every build checks in full.</summary>
    public string SnapshotFile { get; set; } = "";

    /// <summary>The clock (tests move it forward, past the settle margin of files they just wrote).</summary>
    internal DateTime? NowUtc { get; set; }

    [Output]
    public int PackagesChecked { get; set; }

    [Output]
    public int CacheHits { get; set; }

    [Output]
    public int FilesHashed { get; set; }

    public void Cancel() => cancellation.Cancel();

    protected override void ExecuteCore()
    {
        var snapshotKey = SnapshotKey();
        var memo = IntegrityMemo.ForBuild(BuildEngine);
        if (snapshotKey is not null && !FullVerification && ReplaySnapshot(snapshotKey, memo))
        {
            return;
        }

        CheckInFull(snapshotKey, memo);
    }

    /// <summary>
    /// A no-op build: nothing the last check read has changed (<see cref="IntegritySnapshot"/>), so its findings stand.
    /// Touches no NuGet code: the restore is not parsed and the verdict store is not read.
    /// </summary>
    private bool ReplaySnapshot(string key, IntegrityMemo? memo)
    {
        var read = memo is null ? IntegritySnapshot.Load(SnapshotFile) : memo.SnapshotAt(SnapshotFile);
        var snapshot = read?.Key == key ? read : null;
        var listings = Listings();
        if (snapshot is null || !snapshot.StillHolds(NowUtc ?? DateTime.UtcNow, (folder, expected) => TreeStampOf(folder, expected, memo, listings)))
        {
            return false;
        }

        Report(snapshot.Findings);
        if (VerifySignatures || CheckPackageCache)
        {
            PackagesChecked = CacheHits = snapshot.PackagesChecked;
            // The time formatted here: MSBuild sends a message's arguments from its other nodes as text, where a format would be lost.
            Log.LogMessage(MessageImportance.Normal,
                "PipelineSecurity: verified {0} packages (unchanged, with the restore and nuget.config, since this project's check of {1} UTC; 0 files hashed).",
                snapshot.PackagesChecked, snapshot.WrittenUtc.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        }

        return true;
    }

    /// <summary>Parses the restore, verifies every package (through the verdict store) and the lock file, and records a snapshot.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckInFull(string? snapshotKey, IntegrityMemo? memo)
    {
        var now = NowUtc ?? DateTime.UtcNow;
        var graph = RestoreCache.Graph(BuildEngine, AssetsFile);
        var lockFile = string.IsNullOrEmpty(LockFile) ? Path.Combine(ProjectDirectory, "packages.lock.json") : LockFile;
        var watched = new List<string> { Path.GetFullPath(AssetsFile), Path.GetFullPath(lockFile) };
        var findings = new List<IntegrityFinding>();
        IntegrityResult? result = null;
        SignaturePolicy? policy = null;
        if (VerifySignatures || CheckPackageCache)
        {
            policy = AddTrustedSigners(SignaturePolicy.Parse(RequiredSignature, TrustedAuthors, TrustedRepositories, RevocationMode, UnsignedPackagesAllowed), watched);
        }

        // Taken before the check: a change made while it runs shows at the next build.
        var before = snapshotKey is null || policy?.OnlineRevocation == true ? null : StampsBefore(watched, graph, memo, Listings(), now);
        if (policy is not null)
        {
            result = PackageIntegrityVerifier.Verify(
                new IntegrityRequest(graph.Packages, VerifySignatures, CheckPackageCache, policy, NullIfEmpty(VerdictStore), MaxParallelism())
                {
                    FullVerification = FullVerification,
                    Memo = memo,
                    NowUtc = now,
                },
                cancellation.Token);
            PackagesChecked = result.PackagesChecked;
            CacheHits = result.CacheHits;
            FilesHashed = result.FilesHashed;
            findings.AddRange(result.Findings);
        }

        if (CheckLockFile)
        {
            findings.AddRange(LockFileChecker.Check(new LockFileRequest(graph.Assets, lockFile, RequireLockFile, (id, version) =>
                result is not null
                    ? (result.ContentHashes.TryGetValue(IntegrityResult.Key(id, version), out var hash) ? hash : null)
                    : RecordedContentHash(graph, id, version))));
        }

        Report(findings);
        if (result is not null && policy is not null)
        {
            if (VerifySignatures && !policy.OnlineRevocation)
            {
                Log.LogMessage(MessageImportance.Low, "PipelineSecurity: certificate revocation was checked offline (PipelineSecurityRevocationMode=offline); set it to online to query revocation servers.");
            }

            Log.LogMessage(MessageImportance.Normal,
                "PipelineSecurity: verified {0} packages ({1} from stored or earlier verdicts, {2} already checked by another project of this build; {3} files hashed{4}).",
                result.PackagesChecked, result.CacheHits, result.MemoHits, result.FilesHashed, FullVerification ? "; full verification" : "");
        }

        if (before is not null && !cancellation.IsCancellationRequested && IntegritySnapshot.Unchanged(before.Value.Inputs))
        {
            new IntegritySnapshot(snapshotKey!, now, result?.OldestVerdictUtc ?? now, result?.PackagesChecked ?? 0, before.Value.Inputs, before.Value.Folders, findings)
                .TrySave(SnapshotFile);
        }
    }

    /// <summary>Every stamp the snapshot needs, or null when one cannot be taken or is too recent to stand for its content.</summary>
    private static (List<KeyValuePair<string, string>> Inputs, List<KeyValuePair<string, string>> Folders)? StampsBefore(
        IReadOnlyCollection<string> watched, RestoredGraph graph, IntegrityMemo? memo, PackageFolderListings listings, DateTime now)
    {
        var inputs = new List<KeyValuePair<string, string>>();
        foreach (var path in watched.Distinct(StringComparer.Ordinal))
        {
            if (FileChangeStamp.TextOf(path) is not { } stamp || !FileChangeStamp.IsSettledText(stamp, now))
            {
                return null;
            }

            inputs.Add(new(path, stamp));
        }

        var folders = new List<KeyValuePair<string, string>>();
        foreach (var folder in graph.Packages.Select(p => p.Folder).Distinct(StringComparer.Ordinal))
        {
            var tree = TreeStampOf(folder, expectedDigest: null, memo, listings);
            if (tree is not { } settled || !settled.SettledBefore(now))
            {
                return null;
            }

            folders.Add(new(folder, settled.Digest));
        }

        return (inputs, folders);
    }

    /// <summary>Everything that makes another check: the settings, the paths, the limits, and this build of the code.</summary>
    private string? SnapshotKey()
    {
        if (string.IsNullOrWhiteSpace(SnapshotFile) || !FileChangeStamp.Supported)
        {
            return null;
        }

        return WorkCache.Key(Path.GetFullPath(AssetsFile), ProjectDirectory, VerifySignatures, CheckPackageCache, CheckLockFile, RequireLockFile, LockFile,
            RequiredSignature, TrustedAuthors, TrustedRepositories, RevocationMode, UnsignedPackagesAllowed, VerdictStore, InputLimits);
    }

    /// <summary>A package folder's stamp, taken once per build and process when the build keeps a memo.</summary>
    private static TreeStamp? TreeStampOf(string folder, string? expectedDigest, IntegrityMemo? memo, PackageFolderListings listings) =>
        memo is null ? IntegrityMemo.TakeStamp(folder, expectedDigest, listings) : memo.TreeStampOf(folder, expectedDigest, listings);

    /// <summary>The package folders' listings, kept in the verdict store (none without one).</summary>
    private PackageFolderListings Listings() => new(VerdictStore);

    private SignaturePolicy AddTrustedSigners(SignaturePolicy policy, List<string> watched)
    {
        if (string.IsNullOrEmpty(ProjectDirectory))
        {
            return policy;
        }

        try
        {
            var settings = Settings.LoadDefaultSettings(ProjectDirectory);
            watched.AddRange(NuGetConfigFiles.Watched(ProjectDirectory, settings));
            var (authors, repositories, ignored) = TrustedSignersReader.Read(settings);
            if (ignored > 0)
            {
                Log.LogMessage(MessageImportance.Normal, "PipelineSecurity: {0} trustedSigners certificate(s) in nuget.config use a hash other than SHA256 and were ignored.", ignored);
            }

            return authors.Count + repositories.Count == 0 ? policy : policy.WithTrustedSigners(authors, repositories);
        }
        catch (NuGetConfigurationException failure)
        {
            throw BuildDiagnostics.IntegrityPolicyInvalid.Failure(
                failure, ProjectDirectory, "trustedSigners in nuget.config", $"cannot be read ({failure.Message})", "the nuget.config file");
        }
    }

    private void Report(System.Collections.Generic.IEnumerable<IntegrityFinding> findings)
    {
        foreach (var finding in findings)
        {
            if (finding.IsError)
            {
                LogError(finding.Code, finding.Message, finding.File, finding.Line);
            }
            else
            {
                LogWarning(finding.Code, finding.Message, finding.File, finding.Line);
            }
        }
    }

    /// <summary>Without the package checks, the lock file is compared with the content hash NuGet recorded in the cache.</summary>
    private static string? RecordedContentHash(RestoredGraph graph, string id, string version)
    {
        var parsed = NuGet.Versioning.NuGetVersion.Parse(version);
        var package = graph.FindPackage(id, parsed)
                      ?? new RestoredPackage(id, parsed) { Location = PackagesFolderLocator.Locate(id, parsed, graph.PackageFolders) };
        return PackageCacheChecker.ReadMetadataContentHash(package);
    }

    /// <summary>
    /// One package per core, up to 8: a cold check is NuGet's certificate-chain work, which is CPU-bound. (MSBuild's own
    /// parallel nodes share the cores too; a warm check is a few stat calls per package and does not care.)
    /// </summary>
    private static int MaxParallelism() => Math.Max(1, Math.Min(Environment.ProcessorCount, 8));

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
