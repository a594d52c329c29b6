using System.IO;
using System.Linq;
using PipelineSecurity.Build.Integrity;
using PipelineSecurity.Build.Integrity.Signatures;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Integrity;

/// <summary>Package-cache integrity and the verdict cache, on copies of real restored package folders.</summary>
public sealed class PackageIntegrityVerifierTests
{
    private static IntegrityResult Verify(string? verdictFile, params RestoredPackage[] packages) =>
        PackageIntegrityVerifier.Verify(new IntegrityRequest(packages, VerifySignatures: true, CheckPackageCache: true, SignaturePolicy.Default, verdictFile));

    private static (TemporaryDirectory Temp, RestoredPackage Author, RestoredPackage Repository) TwoPackages()
    {
        var temp = new TemporaryDirectory();
        return (temp,
            RealPackages.CopyToPackagesFolder(temp.Combine("packages"), RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion),
            RealPackages.CopyToPackagesFolder(temp.Combine("packages"), RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion));
    }

    [Fact]
    public void Untouched_package_folders_pass_and_their_content_hashes_are_reported()
    {
        var (temp, author, repository) = TwoPackages();
        using var _ = temp;

        var result = Verify(null, author, repository);

        Assert.Empty(result.Findings);
        Assert.Equal(author.ContentHash, result.ContentHashes[IntegrityResult.Key(author.Id, author.VersionText)]);
        Assert.Equal(repository.ContentHash, result.ContentHashes[IntegrityResult.Key(repository.Id, repository.VersionText)]);
    }

    [Fact]
    public void A_replaced_dll_in_the_extracted_folder_is_caught()
    {
        var (temp, author, repository) = TwoPackages();
        using var _ = temp;
        var dll = Path.Combine(author.Folder, "lib", "net6.0", "Newtonsoft.Json.dll");
        File.Copy(Directory.GetFiles(Path.Combine(repository.Folder, "lib"), "Serilog.dll", SearchOption.AllDirectories).First(), dll, overwrite: true);

        var finding = Assert.Single(Verify(null, author, repository).Findings);

        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, finding.Code);
        Assert.True(finding.IsError);
        Assert.Contains("lib/net6.0/Newtonsoft.Json.dll", finding.Message);
        Assert.Equal("Newtonsoft.Json", finding.PackageId);
    }

    [Fact]
    public void A_same_size_change_to_an_extracted_file_is_caught()
    {
        var (temp, author, _) = TwoPackages();
        using var __ = temp;
        var dll = Path.Combine(author.Folder, "lib", "netstandard2.0", "Newtonsoft.Json.dll");
        var bytes = File.ReadAllBytes(dll);
        bytes[bytes.Length / 2] ^= 1;
        var stamp = File.GetLastWriteTimeUtc(dll);
        File.WriteAllBytes(dll, bytes);
        File.SetLastWriteTimeUtc(dll, stamp);

        var finding = Assert.Single(Verify(null, author).Findings);

        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, finding.Code);
    }

    [Fact]
    public void A_file_added_to_or_deleted_from_the_extracted_folder_is_caught()
    {
        var (temp, author, repository) = TwoPackages();
        using var _ = temp;
        File.WriteAllText(Path.Combine(author.Folder, "lib", "net6.0", "Extra.dll"), "planted");
        File.Delete(Directory.GetFiles(Path.Combine(repository.Folder, "lib"), "Serilog.xml", SearchOption.AllDirectories).First());

        var findings = Verify(null, author, repository).Findings;

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, f.Code));
        Assert.Contains("lib/net6.0/Extra.dll", findings[0].Message);
        Assert.Contains("missing", findings[1].Message);
    }

    [Fact]
    public void A_changed_byte_in_the_cached_nupkg_fails_both_the_signature_and_the_recorded_hash()
    {
        var (temp, author, _) = TwoPackages();
        using var __ = temp;
        RealPackages.FlipByteInLargestEntry(author.NupkgPath);

        var codes = Verify(null, author).Findings.Select(f => f.Code).ToArray();

        Assert.Contains(BuildDiagnosticIds.PackageSignatureInvalid, codes);
        Assert.Contains(BuildDiagnosticIds.PackageCacheHashMismatch, codes);
    }

    [Fact]
    public void A_stripped_signature_in_the_cache_no_longer_matches_the_recorded_hash()
    {
        var (temp, _, repository) = TwoPackages();
        using var __ = temp;
        RealPackages.StripSignature(repository.NupkgPath);

        var codes = Verify(null, repository).Findings.Select(f => f.Code).ToArray();

        Assert.Contains(BuildDiagnosticIds.PackageUnsigned, codes);
        Assert.Contains(BuildDiagnosticIds.PackageCacheHashMismatch, codes);
    }

    [Fact]
    public void A_nupkg_replaced_together_with_its_recorded_sha512_still_fails_the_content_hash()
    {
        var (temp, author, repository) = TwoPackages();
        using var _ = temp;
        RealPackages.StripSignature(repository.NupkgPath);
        File.WriteAllText(repository.Sha512Path, Build.Integrity.PackageCache.PackageFileDigests.Sha512OfFile(repository.NupkgPath));
        File.Copy(author.MetadataPath, repository.MetadataPath, overwrite: true);

        var codes = Verify(null, repository).Findings.Select(f => f.Code).ToArray();

        Assert.Contains(BuildDiagnosticIds.PackageCacheHashMismatch, codes);
    }

    [Fact]
    public void A_missing_package_folder_or_corrupt_nupkg_is_a_coded_error_naming_the_package()
    {
        var (temp, author, repository) = TwoPackages();
        using var _ = temp;
        Directory.Delete(author.Folder, recursive: true);
        File.WriteAllBytes(repository.NupkgPath, new byte[] { 0x50, 0x4B, 3, 4, 1, 2, 3 });

        var findings = Verify(null, author, repository).Findings;

        Assert.Contains(findings, f => f.Code == BuildDiagnosticIds.PackageNotInCache && f.Message.Contains("Newtonsoft.Json 13.0.3"));
        Assert.Contains(findings, f => f.Code == BuildDiagnosticIds.PackageUnreadable && f.Message.Contains("Serilog 4.2.0"));
    }

    [Fact]
    public void A_warm_run_reuses_every_verdict_and_still_catches_a_replaced_dll()
    {
        var (temp, author, repository) = TwoPackages();
        using var _ = temp;
        var verdicts = temp.Combine("packages", ".pipeline-security", "verdicts");

        var cold = Verify(verdicts, author, repository);
        var warm = Verify(verdicts, author, repository);
        File.WriteAllText(Path.Combine(author.Folder, "lib", "net6.0", "Newtonsoft.Json.dll"), "replaced");
        var tampered = Verify(verdicts, author, repository);

        Assert.Equal(0, cold.CacheHits);
        Assert.Empty(cold.Findings);
        Assert.Equal(2, warm.CacheHits);
        Assert.Empty(warm.Findings);
        Assert.Equal(2, tampered.CacheHits);
        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, Assert.Single(tampered.Findings).Code);
    }

    [Fact]
    public void A_changed_policy_or_nupkg_misses_the_verdict_cache_and_a_corrupt_cache_file_is_ignored()
    {
        var (temp, author, _) = TwoPackages();
        using var __ = temp;
        var verdicts = temp.Combine("verdicts");
        Verify(verdicts, author);

        var otherPolicy = PackageIntegrityVerifier.Verify(new IntegrityRequest(new[] { author }, true, true, SignaturePolicy.Parse("author", "", "", "offline"), verdicts));
        foreach (var record in Directory.GetFiles(verdicts))
        {
            File.WriteAllText(record, "{ not json");
        }

        var afterCorruption = Verify(verdicts, author);
        RealPackages.FlipByteInLargestEntry(author.NupkgPath);
        var afterTamper = Verify(verdicts, author);

        Assert.Equal(0, otherPolicy.CacheHits);
        Assert.Equal(0, afterCorruption.CacheHits);
        Assert.Empty(afterCorruption.Findings);
        Assert.Equal(0, afterTamper.CacheHits);
        Assert.Contains(afterTamper.Findings, f => f.Code == BuildDiagnosticIds.PackageSignatureInvalid);
    }

    [Fact]
    public void Verdicts_of_packages_another_build_checked_are_kept_for_it()
    {
        var (temp, author, repository) = TwoPackages();
        using var _ = temp;
        var verdicts = temp.Combine("verdicts");

        Verify(verdicts, author);
        Verify(verdicts, repository);
        var both = Verify(verdicts, author, repository);

        Assert.Equal(2, both.CacheHits);
    }

    [Fact]
    public void A_verdict_cache_that_cannot_be_written_does_not_fail_the_verification()
    {
        var (temp, author, _) = TwoPackages();
        using var __ = temp;
        var blocker = temp.Combine("not-a-folder");
        File.WriteAllText(blocker, "a file where the cache folder should be");

        var result = Verify(Path.Combine(blocker, "verdicts"), author);

        Assert.Empty(result.Findings);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[1, 2]")]
    [InlineData("{ \"contentHash\": 42 }")]
    public void Garbage_in_the_recorded_metadata_is_a_coded_mismatch(string metadata)
    {
        var (temp, _, repository) = TwoPackages();
        using var __ = temp;
        File.WriteAllText(repository.MetadataPath, metadata);

        var finding = Assert.Single(Verify(null, repository).Findings);

        Assert.Equal(BuildDiagnosticIds.PackageCacheHashMismatch, finding.Code);
        Assert.Contains(".nupkg.metadata", finding.Message);
    }
}
