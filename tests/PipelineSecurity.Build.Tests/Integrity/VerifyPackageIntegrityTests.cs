using System;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.Integrity;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Integrity;

/// <summary>The MSBuild task over a real restore: what it logs, with codes, files and lines, and its verdict cache.</summary>
public sealed class VerifyPackageIntegrityTests
{
    private static (VerifyPackageIntegrity Task, RecordingBuildEngine Engine) Task(RestoredConsumer consumer, Action<VerifyPackageIntegrity>? configure = null)
    {
        var engine = new RecordingBuildEngine();
        var task = new VerifyPackageIntegrity
        {
            BuildEngine = engine,
            AssetsFile = consumer.AssetsFile,
            ProjectDirectory = consumer.ProjectDirectory,
            LockFile = consumer.LockFile,
            VerdictStore = Path.Combine(consumer.ProjectDirectory, "obj", "pipeline-security", "verdicts"),
        };
        configure?.Invoke(task);
        return (task, engine);
    }

    [Fact]
    public void A_clean_restore_passes_and_a_second_run_reuses_every_verdict()
    {
        using var consumer = RestoredConsumer.Create();

        var (cold, coldEngine) = Task(consumer);
        Assert.True(cold.Execute());
        var (warm, warmEngine) = Task(consumer);
        Assert.True(warm.Execute());

        Assert.Empty(coldEngine.Errors);
        Assert.Empty(coldEngine.Warnings);
        Assert.Equal(2, cold.PackagesChecked);
        Assert.Equal(0, cold.CacheHits);
        Assert.Equal(2, warm.CacheHits);
        Assert.Empty(warmEngine.Errors);
    }

    [Fact]
    public void A_tampered_cache_fails_with_codes_files_and_help_links()
    {
        using var consumer = RestoredConsumer.Create();
        var dll = Path.Combine(consumer.PackageFolder(RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion), "lib", "net6.0", "Newtonsoft.Json.dll");
        File.WriteAllText(dll, "not the real assembly");

        var (task, engine) = Task(consumer);

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, error.Code);
        Assert.Equal(dll, error.File);
        Assert.Equal(BuildDiagnostics.Get(BuildDiagnosticIds.PackageCacheFileTampered).HelpLink, error.HelpLink);
    }

    [Fact]
    public void A_cached_package_whose_bytes_differ_from_the_lock_file_fails_even_with_consistent_recorded_hashes()
    {
        using var consumer = RestoredConsumer.Create();
        var folder = consumer.PackageFolder(RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion);
        var nupkg = Path.Combine(folder, "serilog.4.2.0.nupkg");
        RealPackages.StripSignature(nupkg);
        RealPackages.FlipByteInLargestEntry(nupkg);
        File.WriteAllText(Path.Combine(folder, "serilog.4.2.0.nupkg.sha512"), Build.Integrity.PackageCache.PackageFileDigests.Sha512OfFile(nupkg));

        var (task, engine) = Task(consumer, t =>
        {
            t.VerifySignatures = false;
            t.CheckPackageCache = true;
        });

        Assert.False(task.Execute());
        var codes = engine.Errors.Select(e => e.Code).ToArray();
        Assert.Contains(BuildDiagnosticIds.LockFileContentHashMismatch, codes);
        var lockError = engine.Errors.First(e => e.Code == BuildDiagnosticIds.LockFileContentHashMismatch);
        Assert.Equal(consumer.LockFile, lockError.File);
        Assert.True(lockError.LineNumber > 1);
    }

    [Fact]
    public void Switched_off_checks_do_nothing_and_a_bad_policy_value_is_a_coded_error()
    {
        using var consumer = RestoredConsumer.Create();
        Directory.Delete(consumer.PackageFolder(RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion), recursive: true);

        var (off, offEngine) = Task(consumer, t => { t.VerifySignatures = false; t.CheckPackageCache = false; t.CheckLockFile = false; });
        var (on, onEngine) = Task(consumer);
        var (bad, badEngine) = Task(consumer, t => t.RequiredSignature = "sometimes");

        Assert.True(off.Execute());
        Assert.Empty(offEngine.Errors);
        Assert.False(on.Execute());
        Assert.Contains(onEngine.Errors, e => e.Code == BuildDiagnosticIds.PackageNotInCache && e.Message!.Contains("Newtonsoft.Json 13.0.3"));
        Assert.False(bad.Execute());
        Assert.Equal(BuildDiagnosticIds.IntegrityPolicyInvalid, Assert.Single(badEngine.Errors).Code);
        Assert.Contains("PipelineSecurityRequiredSignature", badEngine.Errors[0].Message!);
    }

    [Fact]
    public void Trusted_signers_in_nuget_config_are_honoured()
    {
        using var consumer = RestoredConsumer.Create();
        var otherAuthor = string.Join(":", Enumerable.Repeat("AB", 32));
        File.WriteAllText(consumer.Combine("nuget.config"), File.ReadAllText(consumer.Combine("nuget.config")).Replace("</configuration>", $"""
              <trustedSigners>
                <author name="someone">
                  <certificate fingerprint="{otherAuthor.Replace(":", "")}" hashAlgorithm="SHA256" allowUntrustedRoot="false" />
                </author>
              </trustedSigners>
            </configuration>
            """));

        var (task, engine) = Task(consumer);

        Assert.False(task.Execute());
        Assert.Equal(2, engine.Errors.Count(e => e.Code == BuildDiagnosticIds.PackageSignerNotTrusted));
    }

    [Fact]
    public void A_trusted_repository_in_nuget_config_accepts_its_packages_only_for_the_listed_owners()
    {
        using var consumer = RestoredConsumer.Create();
        // The gallery renews its certificate: the two packages carry repository signatures by different certificates.
        var (fingerprints, owners) = RepositorySigners(consumer);
        var config = consumer.Combine("nuget.config");
        var original = File.ReadAllText(config);
        string WithRepository(string ownerList) => original.Replace("</configuration>", $"""
              <trustedSigners>
                <repository name="gallery" serviceIndex="https://feed.example/v3/index.json">
                  {string.Join("\n", fingerprints.Select(f => $"<certificate fingerprint=\"{f}\" hashAlgorithm=\"SHA256\" allowUntrustedRoot=\"false\" />"))}
                  <owners>{ownerList}</owners>
                </repository>
              </trustedSigners>
            </configuration>
            """);

        File.WriteAllText(config, WithRepository(string.Join(";", owners)));
        var (trusted, trustedEngine) = Task(consumer);
        Assert.True(trusted.Execute(), string.Join("\n", trustedEngine.Errors.Select(e => e.Message)));

        File.WriteAllText(config, WithRepository("someone-else"));
        var (untrusted, untrustedEngine) = Task(consumer);
        Assert.False(untrusted.Execute());
        Assert.Equal(2, untrustedEngine.Errors.Count(e => e.Code == BuildDiagnosticIds.PackageSignerNotTrusted));
    }

    [Fact]
    public void A_required_lock_file_that_is_missing_fails_the_task()
    {
        using var consumer = RestoredConsumer.Create();
        File.Delete(consumer.LockFile);

        var (optional, optionalEngine) = Task(consumer);
        var (required, requiredEngine) = Task(consumer, t => t.RequireLockFile = true);

        Assert.True(optional.Execute());
        Assert.Empty(optionalEngine.Errors);
        Assert.False(required.Execute());
        Assert.Equal(BuildDiagnosticIds.LockFileMissing, Assert.Single(requiredEngine.Errors).Code);
    }

    /// <summary>The repository certificates' SHA-256 fingerprints and the owners named by the test packages' repository signatures.</summary>
    private static (string[] Fingerprints, string[] Owners) RepositorySigners(RestoredConsumer consumer)
    {
        var fingerprints = new System.Collections.Generic.List<string>();
        var owners = new System.Collections.Generic.List<string>();
        foreach (var (id, version) in new[] { (RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion), (RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion) })
        {
            using var reader = new NuGet.Packaging.PackageArchiveReader(Path.Combine(consumer.PackageFolder(id, version), $"{id.ToLowerInvariant()}.{version}.nupkg"));
            var primary = reader.GetPrimarySignatureAsync(default).GetAwaiter().GetResult()!;
            var repository = primary as NuGet.Packaging.Signing.IRepositorySignature
                             ?? NuGet.Packaging.Signing.RepositoryCountersignature.GetRepositoryCountersignature(primary)!;
            var certificate = primary is NuGet.Packaging.Signing.RepositoryPrimarySignature
                ? primary.SignerInfo.Certificate!
                : NuGet.Packaging.Signing.RepositoryCountersignature.GetRepositoryCountersignature(primary)!.SignerInfo.Certificate!;
            fingerprints.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.RawData)));
            owners.AddRange(repository.PackageOwners!);
        }

        return (fingerprints.Distinct().ToArray(), owners.Distinct().ToArray());
    }
}
