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

    /// <summary>Where verdicts are kept between builds; empty disables the cache.</summary>
    public string VerdictCacheFile { get; set; } = "";

    [Output]
    public int PackagesChecked { get; set; }

    [Output]
    public int CacheHits { get; set; }

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
                new IntegrityRequest(graph.Packages, VerifySignatures, CheckPackageCache, policy, NullIfEmpty(VerdictCacheFile), MaxParallelism()),
                cancellation.Token);
            PackagesChecked = result.PackagesChecked;
            CacheHits = result.CacheHits;
            Report(result.Findings);
            if (VerifySignatures && !policy.OnlineRevocation)
            {
                Log.LogMessage(MessageImportance.Low, "PipelineSecurity: certificate revocation was checked offline (PipelineSecurityRevocationMode=offline); set it to online to query revocation servers.");
            }

            Log.LogMessage(MessageImportance.Normal, "PipelineSecurity: verified {0} packages ({1} unchanged since an earlier build).", result.PackagesChecked, result.CacheHits);
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

    private static int MaxParallelism() => Math.Max(1, Math.Min(Environment.ProcessorCount, 4));

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
