using System;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.Integrity;
using PipelineSecurity.Build.Integrity.Signatures;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Integrity;

/// <summary>Signature verification on real packages, tampered copies and a package author-signed in the test with 'dotnet nuget sign'.</summary>
public sealed class PackageSignatureCheckerTests
{
    private static SignaturePolicy Policy(string required = "any", string authors = "", string repositories = "") =>
        SignaturePolicy.Parse(required, authors, repositories, "offline");

    [Theory]
    [InlineData(RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion, "any")]
    [InlineData(RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion, "author")]
    [InlineData(RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion, "repository")]
    [InlineData(RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion, "any")]
    [InlineData(RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion, "repository")]
    public void Real_signed_packages_pass(string id, string version, string required)
    {
        var package = RealPackages.Locate(RealPackages.GlobalPackagesFolder, id, version);

        Assert.Empty(PackageSignatureChecker.Check(package, Policy(required)));
    }

    [Fact]
    public void A_repository_signed_package_fails_when_an_author_signature_is_required()
    {
        var package = RealPackages.Locate(RealPackages.GlobalPackagesFolder, RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion);

        var finding = Assert.Single(PackageSignatureChecker.Check(package, Policy("author")));

        Assert.Equal(BuildDiagnosticIds.RequiredSignatureMissing, finding.Code);
        Assert.True(finding.IsError);
        Assert.Contains("Serilog 4.2.0", finding.Message);
    }

    [Fact]
    public void A_changed_byte_in_a_signed_nupkg_fails_integrity()
    {
        using var temp = new TemporaryDirectory();
        var package = RealPackages.CopyToPackagesFolder(temp.Path, RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion);
        RealPackages.FlipByteInLargestEntry(package.NupkgPath);

        var findings = PackageSignatureChecker.Check(package, Policy());

        var finding = Assert.Single(findings);
        Assert.Equal(BuildDiagnosticIds.PackageSignatureInvalid, finding.Code);
        Assert.Contains("NU3008", finding.Message);
        Assert.Contains("Newtonsoft.Json 13.0.3", finding.Message);
    }

    [Theory]
    [InlineData("any", BuildDiagnosticIds.PackageUnsigned, false)]
    [InlineData("repository", BuildDiagnosticIds.RequiredSignatureMissing, true)]
    [InlineData("author", BuildDiagnosticIds.RequiredSignatureMissing, true)]
    public void A_stripped_signature_is_an_unsigned_package(string required, string code, bool isError)
    {
        using var temp = new TemporaryDirectory();
        var package = RealPackages.CopyToPackagesFolder(temp.Path, RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion);
        RealPackages.StripSignature(package.NupkgPath);

        var finding = Assert.Single(PackageSignatureChecker.Check(package, Policy(required)));

        Assert.Equal(code, finding.Code);
        Assert.Equal(isError, finding.IsError);
    }

    [Fact]
    public void An_unsigned_package_is_accepted_when_no_signature_is_required()
    {
        using var temp = new TemporaryDirectory();
        var package = RealPackages.CopyToPackagesFolder(temp.Path, RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion);
        RealPackages.StripSignature(package.NupkgPath);

        Assert.Empty(PackageSignatureChecker.Check(package, Policy("none")));
    }

    [Theory]
    [InlineData("Serilog")]
    [InlineData("serilog*")]
    public void An_unsigned_package_listed_as_allowed_is_accepted_even_when_a_signature_is_required(string allowed)
    {
        using var temp = new TemporaryDirectory();
        var package = RealPackages.CopyToPackagesFolder(temp.Path, RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion);
        RealPackages.StripSignature(package.NupkgPath);

        Assert.Empty(PackageSignatureChecker.Check(package, SignaturePolicy.Parse("author", "", "", "offline", allowed)));
        Assert.Single(PackageSignatureChecker.Check(package, SignaturePolicy.Parse("author", "", "", "offline", "Serilog.Sinks.*")));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("garbage")]
    public void A_damaged_signature_is_a_coded_error(string damage)
    {
        using var temp = new TemporaryDirectory();
        var package = RealPackages.CopyToPackagesFolder(temp.Path, RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion);
        RealPackages.ReplaceSignature(package.NupkgPath, original => damage == "truncated"
            ? original.AsSpan(0, original.Length / 2).ToArray()
            : Enumerable.Range(0, 3000).Select(i => (byte)(i * 31)).ToArray());

        var finding = Assert.Single(PackageSignatureChecker.Check(package, Policy()));

        Assert.True(finding.IsError);
        Assert.Contains(finding.Code, new[] { BuildDiagnosticIds.PackageSignatureInvalid, BuildDiagnosticIds.PackageUnreadable });
        Assert.Contains("Serilog 4.2.0", finding.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_package_is_a_coded_error()
    {
        using var temp = new TemporaryDirectory();
        var package = RealPackages.CopyToPackagesFolder(temp.Path, RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion);
        File.WriteAllBytes(package.NupkgPath, Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray());

        var finding = Assert.Single(PackageSignatureChecker.Check(package, Policy()));

        Assert.Equal(BuildDiagnosticIds.PackageUnreadable, finding.Code);
    }

    [Fact]
    public void An_author_signature_from_an_untrusted_root_fails_unless_its_certificate_is_pinned()
    {
        using var temp = new TemporaryDirectory();
        var signed = AuthorSignedCopy(temp, "PipelineSecurity Test Author", out var fingerprint);

        var untrusted = Assert.Single(PackageSignatureChecker.Check(signed, Policy()));
        Assert.Equal(BuildDiagnosticIds.PackageCertificateNotTrusted, untrusted.Code);
        Assert.True(untrusted.IsError);

        Assert.Empty(PackageSignatureChecker.Check(signed, Policy("author", authors: fingerprint)));
    }

    [Fact]
    public void A_pinned_author_certificate_does_not_excuse_tampering()
    {
        using var temp = new TemporaryDirectory();
        var signed = AuthorSignedCopy(temp, "PipelineSecurity Test Author", out var fingerprint);
        RealPackages.FlipByteInLargestEntry(signed.NupkgPath);

        var finding = Assert.Single(PackageSignatureChecker.Check(signed, Policy("author", authors: fingerprint)));

        Assert.Equal(BuildDiagnosticIds.PackageSignatureInvalid, finding.Code);
    }

    [Fact]
    public void A_signer_outside_the_trusted_lists_is_not_trusted()
    {
        var package = RealPackages.Locate(RealPackages.GlobalPackagesFolder, RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion);
        var otherAuthor = new string('A', 64);

        var finding = Assert.Single(PackageSignatureChecker.Check(package, Policy(authors: otherAuthor)));

        Assert.Equal(BuildDiagnosticIds.PackageSignerNotTrusted, finding.Code);
        Assert.Contains("PipelineSecurityTrustedAuthors", finding.Message);
    }

    [Fact]
    public void A_trusted_repository_must_list_one_of_the_package_owners()
    {
        var package = RealPackages.Locate(RealPackages.GlobalPackagesFolder, RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion);
        var serviceIndex = RepositoryServiceIndex(package);

        Assert.Empty(PackageSignatureChecker.Check(package, Policy(repositories: serviceIndex)));
        Assert.Empty(PackageSignatureChecker.Check(package, Policy(repositories: serviceIndex + "|someone-else," + RepositoryOwner(package))));
        var finding = Assert.Single(PackageSignatureChecker.Check(package, Policy(repositories: serviceIndex + "|someone-else")));
        Assert.Equal(BuildDiagnosticIds.PackageSignerNotTrusted, finding.Code);
    }

    [Fact]
    public void A_trusted_repository_is_matched_by_its_certificate_fingerprint()
    {
        var package = RealPackages.Locate(RealPackages.GlobalPackagesFolder, RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion);

        Assert.Empty(PackageSignatureChecker.Check(package, Policy(repositories: RepositoryFingerprint(package))));
        Assert.Single(PackageSignatureChecker.Check(package, Policy(repositories: new string('B', 64))));
    }

    private static RestoredPackage AuthorSignedCopy(TemporaryDirectory temp, string subject, out string fingerprint)
    {
        var (pfx, password, sha256) = RealPackages.CreateCodeSigningCertificate(temp.Path, subject.Replace(' ', '-'));
        fingerprint = sha256;
        var package = RealPackages.CopyToPackagesFolder(temp.Combine("packages"), RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion);
        var signed = RealPackages.AuthorSign(package.NupkgPath, pfx, password, temp.Combine("signed"));
        File.Copy(signed, package.NupkgPath, overwrite: true);
        return package;
    }

    private static NuGet.Packaging.Signing.PrimarySignature PrimarySignature(RestoredPackage package)
    {
        using var reader = new NuGet.Packaging.PackageArchiveReader(package.NupkgPath);
        return reader.GetPrimarySignatureAsync(default).GetAwaiter().GetResult()!;
    }

    private static string RepositoryServiceIndex(RestoredPackage package) =>
        ((NuGet.Packaging.Signing.IRepositorySignature)PrimarySignature(package)).V3ServiceIndexUrl.AbsoluteUri;

    private static string RepositoryOwner(RestoredPackage package) =>
        ((NuGet.Packaging.Signing.IRepositorySignature)PrimarySignature(package)).PackageOwners!.First();

    private static string RepositoryFingerprint(RestoredPackage package)
    {
        var countersignature = NuGet.Packaging.Signing.RepositoryCountersignature.GetRepositoryCountersignature(PrimarySignature(package))!;
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(countersignature.SignerInfo.Certificate!.RawData));
    }
}
