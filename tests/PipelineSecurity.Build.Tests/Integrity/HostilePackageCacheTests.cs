using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Integrity;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Integrity.Signatures;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Integrity;

/// <summary>The package-cache rows of issue 12: links, FIFOs and sheer size inside a package folder, a FIFO as the .nupkg.</summary>
public sealed class HostilePackageCacheTests
{
    private static IntegrityResult Verify(params RestoredPackage[] packages) =>
        PackageIntegrityVerifier.Verify(new IntegrityRequest(packages, VerifySignatures: false, CheckPackageCache: true, SignaturePolicy.Default, null));

    [Fact]
    public void A_directory_link_to_the_file_system_root_is_reported_and_not_followed()
    {
        using var temp = new TemporaryDirectory();
        var package = RealPackages.CopyToPackagesFolder(temp.Combine("packages"), RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion);
        HostileFiles.MakeDirectorySymbolicLink(Path.Combine(package.Folder, "lib", "everything"), "/");
        var watch = Stopwatch.StartNew();

        var finding = Assert.Single(Verify(package).Findings);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed.TotalSeconds:0.0} s: the link was followed");
        Assert.Equal(BuildDiagnosticIds.PackageFolderLink, finding.Code);
        Assert.Contains("lib/everything", finding.Message);
        Assert.Contains("a link to '/'", finding.Message);
        Assert.Equal(RealPackages.RepositorySignedId, finding.PackageId);
    }

    [Fact]
    public void An_extracted_file_replaced_by_a_link_is_reported_once_as_changed_and_not_followed()
    {
        using var temp = new TemporaryDirectory();
        var package = RealPackages.CopyToPackagesFolder(temp.Combine("packages"), RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion);
        var dll = Directory.GetFiles(Path.Combine(package.Folder, "lib"), "Serilog.dll", SearchOption.AllDirectories).First();
        File.Delete(dll);
        HostileFiles.MakeSymbolicLink(dll, "/etc/hostname");

        var finding = Assert.Single(Verify(package).Findings);

        Assert.Equal(BuildDiagnosticIds.PackageCacheFileTampered, finding.Code);
        Assert.Contains("Serilog.dll", finding.Message);
    }

    [Fact]
    public void A_fifo_in_a_package_folder_is_reported_without_being_opened()
    {
        if (!HostileFiles.HasFifos)
        {
            return;
        }

        using var temp = new TemporaryDirectory();
        var package = RealPackages.CopyToPackagesFolder(temp.Combine("packages"), RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion);
        HostileFiles.MakeFifo(Path.Combine(package.Folder, "lib", "pipe.dll"));

        var finding = Assert.Single(Verify(package).Findings);

        Assert.Equal(BuildDiagnosticIds.PackageFolderLink, finding.Code);
        Assert.Contains("named pipe", finding.Message);
    }

    [Fact]
    public void A_fifo_in_place_of_the_cached_nupkg_is_a_coded_error_not_a_hang()
    {
        if (!HostileFiles.HasFifos)
        {
            return;
        }

        using var temp = new TemporaryDirectory();
        var package = RealPackages.CopyToPackagesFolder(temp.Combine("packages"), RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion);
        File.Delete(package.NupkgPath);
        HostileFiles.MakeFifo(package.NupkgPath);
        var watch = Stopwatch.StartNew();

        var finding = Assert.Single(Verify(package).Findings);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.True(finding.IsError);
        Assert.Equal(package.NupkgPath, finding.File);
    }

    [Fact]
    public void The_walk_is_bounded_in_files_and_the_limit_names_its_property()
    {
        using var temp = new TemporaryDirectory();
        var package = RealPackages.CopyToPackagesFolder(temp.Combine("packages"), RealPackages.RepositorySignedId, RealPackages.RepositorySignedVersion);

        using (InputLimits.Parse("PipelineSecurityPackageFolderMaxFiles=3").Apply())
        {
            var finding = Assert.Single(Verify(package).Findings);
            Assert.Equal(BuildDiagnosticIds.PackageFolderTooLarge, finding.Code);
            Assert.Contains("PipelineSecurityPackageFolderMaxFiles", finding.Message);
        }

        using (InputLimits.Parse("PipelineSecurityPackageFolderMaxBytes=1000").Apply())
        {
            var finding = Assert.Single(Verify(package).Findings);
            Assert.Equal(BuildDiagnosticIds.PackageFolderTooLarge, finding.Code);
            Assert.Contains("PipelineSecurityPackageFolderMaxBytes", finding.Message);
        }

        Assert.Empty(Verify(package).Findings);
    }
}
