using System;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.Integrity;
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
            VerdictCacheFile = Path.Combine(consumer.ProjectDirectory, "obj", "pipeline-security", "integrity-verdicts.json"),
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
        Assert.Equal(BuildDiagnosticIds.HelpLink(BuildDiagnosticIds.PackageCacheFileTampered), error.HelpLink);
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
}
