using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using NuGet.Versioning;
using PipelineSecurity.Build.Integrity;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Tests.Shared;

namespace PipelineSecurity.Build.Tests.Integrity;

/// <summary>
/// Real signed packages restored by this test project's PackageDownload items, copied into throw-away packages folders
/// so that tests can tamper with them, and the tools to tamper with and re-sign them.
/// </summary>
internal static class RealPackages
{
    /// <summary>Author-signed with a repository countersignature.</summary>
    public const string AuthorSignedId = "Newtonsoft.Json";
    public const string AuthorSignedVersion = "13.0.3";

    /// <summary>Repository-signed only.</summary>
    public const string RepositorySignedId = "Serilog";
    public const string RepositorySignedVersion = "4.2.0";

    public static string GlobalPackagesFolder { get; } = typeof(RealPackages).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;

    public static string RestoredFolder(string id, string version)
    {
        var folder = Path.Combine(GlobalPackagesFolder, id.ToLowerInvariant(), version);
        if (!File.Exists(Path.Combine(folder, $"{id.ToLowerInvariant()}.{version}.nupkg")))
        {
            throw new InvalidOperationException($"{id} {version} is not restored in '{GlobalPackagesFolder}': run 'dotnet restore' on the test project.");
        }

        return folder;
    }

    /// <summary>Copies a restored package's whole folder into <paramref name="packagesFolder"/> as restore would have laid it out.</summary>
    public static RestoredPackage CopyToPackagesFolder(string packagesFolder, string id, string version)
    {
        var source = RestoredFolder(id, version);
        var target = Path.Combine(packagesFolder, id.ToLowerInvariant(), version);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return Locate(packagesFolder, id, version);
    }

    public static RestoredPackage Locate(string packagesFolder, string id, string version)
    {
        var metadata = Path.Combine(packagesFolder, id.ToLowerInvariant(), version, ".nupkg.metadata");
        string? contentHash = null;
        if (File.Exists(metadata))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(metadata));
            contentHash = document.RootElement.GetProperty("contentHash").GetString();
        }

        var parsed = NuGetVersion.Parse(version);
        return new RestoredPackage(id, parsed) { ContentHash = contentHash, Location = PackagesFolderLocator.Locate(id, parsed, new[] { packagesFolder }) };
    }

    /// <summary>Flips one byte in the middle of the largest entry's stored data (not in any zip header).</summary>
    public static void FlipByteInLargestEntry(string nupkgPath)
    {
        long offset;
        using (var archive = ZipFile.OpenRead(nupkgPath))
        {
            var largest = archive.Entries.OrderByDescending(e => e.CompressedLength).First();
            offset = LocalHeaderDataOffset(nupkgPath, largest.FullName) + (largest.CompressedLength / 2);
        }

        using var stream = new FileStream(nupkgPath, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        var value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0x5A));
    }

    /// <summary>Removes the signature entry, leaving an otherwise intact (now unsigned) package.</summary>
    public static void StripSignature(string nupkgPath)
    {
        using var archive = ZipFile.Open(nupkgPath, ZipArchiveMode.Update);
        archive.GetEntry(".signature.p7s")!.Delete();
    }

    /// <summary>Replaces the signature entry's bytes (with a truncated copy, or garbage).</summary>
    public static void ReplaceSignature(string nupkgPath, Func<byte[], byte[]> change)
    {
        using var archive = ZipFile.Open(nupkgPath, ZipArchiveMode.Update);
        var entry = archive.GetEntry(".signature.p7s")!;
        byte[] original;
        using (var read = entry.Open())
        using (var copy = new MemoryStream())
        {
            read.CopyTo(copy);
            original = copy.ToArray();
        }

        entry.Delete();
        var replaced = archive.CreateEntry(".signature.p7s", CompressionLevel.NoCompression);
        using var write = replaced.Open();
        write.Write(change(original));
    }

    /// <summary>A self-signed code-signing certificate made for the test, saved as a password-protected PFX.</summary>
    public static (string PfxPath, string Password, string Sha256Fingerprint) CreateCodeSigningCertificate(string folder, string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.3") }, false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var password = Guid.NewGuid().ToString("N");
        var path = Path.Combine(folder, subject + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return (path, password, Convert.ToHexString(SHA256.HashData(certificate.RawData)));
    }

    /// <summary>Author-signs a package with <c>dotnet nuget sign</c> (replacing any existing signature), writing the result to <paramref name="outputFolder"/>.</summary>
    public static string AuthorSign(string nupkgPath, string pfxPath, string password, string outputFolder)
    {
        Directory.CreateDirectory(outputFolder);
        DotNetCli.Run(Path.GetDirectoryName(nupkgPath)!, new[] { "nuget", "sign", nupkgPath, "--certificate-path", pfxPath, "--certificate-password", password, "--output", outputFolder, "--overwrite" }).EnsureSuccess();
        return Path.Combine(outputFolder, Path.GetFileName(nupkgPath));
    }

    private static long LocalHeaderDataOffset(string nupkgPath, string entryName)
    {
        // Walk the local file headers: signature, fixed 30-byte header, name, extra field, then the entry's data.
        var bytes = File.ReadAllBytes(nupkgPath);
        var name = Encoding.UTF8.GetBytes(entryName);
        for (var i = 0; i + 30 < bytes.Length; i++)
        {
            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 3 && bytes[i + 3] == 4)
            {
                var nameLength = BitConverter.ToUInt16(bytes, i + 26);
                var extraLength = BitConverter.ToUInt16(bytes, i + 28);
                if (nameLength == name.Length && bytes.AsSpan(i + 30, nameLength).SequenceEqual(name))
                {
                    return i + 30 + nameLength + extraLength;
                }
            }
        }

        throw new InvalidOperationException($"No local header for '{entryName}' in '{nupkgPath}'.");
    }
}
