using System;
using System.IO;
using System.Threading;
using Microsoft.Build.Framework;
using NuGet.Configuration;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Integrity.LockFiles;
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

    [Output]
    public int PackagesChecked { get; set; }

    [Output]
    public int CacheHits { get; set; }

    [Output]
    public int FilesHashed { get; set; }

    public void Cancel() => cancellation.Cancel();

    protected override void ExecuteCore()
    {
        var graph = RestoreCache.Graph(BuildEngine, AssetsFile);
        IntegrityResult? result = null;
        if (VerifySignatures || CheckPackageCache)
        {
            var policy = SignaturePolicy.Parse(RequiredSignature, TrustedAuthors, TrustedRepositories, RevocationMode, UnsignedPackagesAllowed);
            policy = AddTrustedSigners(policy);
            result = PackageIntegrityVerifier.Verify(
                new IntegrityRequest(graph.Packages, VerifySignatures, CheckPackageCache, policy, NullIfEmpty(VerdictStore), MaxParallelism())
                {
                    FullVerification = FullVerification,
                    Memo = BuildMemo(),
                },
                cancellation.Token);
            PackagesChecked = result.PackagesChecked;
            CacheHits = result.CacheHits;
            FilesHashed = result.FilesHashed;
            Report(result.Findings);
            if (VerifySignatures && !policy.OnlineRevocation)
            {
                Log.LogMessage(MessageImportance.Low, "PipelineSecurity: certificate revocation was checked offline (PipelineSecurityRevocationMode=offline); set it to online to query revocation servers.");
            }

            Log.LogMessage(MessageImportance.Normal,
                "PipelineSecurity: verified {0} packages ({1} from stored or earlier verdicts, {2} already checked by another project of this build; {3} files hashed{4}).",
                result.PackagesChecked, result.CacheHits, result.MemoHits, result.FilesHashed, FullVerification ? "; full verification" : "");
        }

        if (CheckLockFile)
        {
            var lockFile = string.IsNullOrEmpty(LockFile) ? Path.Combine(ProjectDirectory, "packages.lock.json") : LockFile;
            Report(LockFileChecker.Check(new LockFileRequest(graph.Assets, lockFile, RequireLockFile, (id, version) =>
                result is not null
                    ? (result.ContentHashes.TryGetValue(IntegrityResult.Key(id, version), out var hash) ? hash : null)
                    : RecordedContentHash(graph, id, version))));
        }
    }

    private SignaturePolicy AddTrustedSigners(SignaturePolicy policy)
    {
        if (string.IsNullOrEmpty(ProjectDirectory))
        {
            return policy;
        }

        try
        {
            var (authors, repositories, ignored) = TrustedSignersReader.Read(Settings.LoadDefaultSettings(ProjectDirectory));
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

    private static readonly object MemoLock = new();

    /// <summary>The memo shared by the tasks of this build in this process (MSBuild drops it when the build ends).</summary>
    private IntegrityMemo? BuildMemo()
    {
        if (BuildEngine is not IBuildEngine4 engine)
        {
            return null;
        }

        var key = "PipelineSecurity.IntegrityMemo|" + typeof(IntegrityMemo).Assembly.Location;
        lock (MemoLock)
        {
            if (engine.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is IntegrityMemo memo)
            {
                return memo;
            }

            memo = new IntegrityMemo();
            engine.RegisterTaskObject(key, memo, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
            return memo;
        }
    }

    /// <summary>
    /// One package per core, up to 8: a cold check is NuGet's certificate-chain work, which is CPU-bound. (MSBuild's own
    /// parallel nodes share the cores too; a warm check is a few stat calls per package and does not care.)
    /// </summary>
    private static int MaxParallelism() => Math.Max(1, Math.Min(Environment.ProcessorCount, 8));

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
