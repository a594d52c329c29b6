using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Crypto.WeakAlgorithmByNameAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Crypto;

public sealed class WeakAlgorithmByNameAnalyzerTests
{
    [Fact]
    public async Task Broken_algorithms_chosen_by_name_are_reported()
    {
        var source = """
            using System.Security.Cryptography;
            using System.Text;

            class Vault
            {
                const string Cipher = "TripleDES";

            #pragma warning disable SYSLIB0045
                public SymmetricAlgorithm Create() => [|SymmetricAlgorithm.Create(Cipher)|];

                public object Legacy() => {|#0:CryptoConfig.CreateFromName("System.Security.Cryptography.DESCryptoServiceProvider")|};

                public byte[] HashPassword(string password)
                {
                    var name = "MD5";
                    using var hash = [|HashAlgorithm.Create(name)|];
                    return hash!.ComputeHash(Encoding.UTF8.GetBytes(password));
                }

                public byte[] SignToken(byte[] token)
                {
                    var algorithm = HashAlgorithmName.SHA1;
                    using var hash = [|IncrementalHash.CreateHash(algorithm)|];
                    hash.AppendData(token);
                    return hash.GetHashAndReset();
                }
            #pragma warning restore SYSLIB0045
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source,
            Verify.Diagnostic("PSF2062").WithLocation(0).WithArguments("CryptoConfig.CreateFromName(\"System.Security.Cryptography.DESCryptoServiceProvider\")", "DES", "Aes"));
    }

    [Fact]
    public async Task Strong_names_checksums_and_protocol_code_are_not_reported()
    {
        var source = """
            using System.IO;
            using System.Security.Cryptography;

            class Files
            {
            #pragma warning disable SYSLIB0045
                public object Create() => CryptoConfig.CreateFromName("SHA256")!;

                public SymmetricAlgorithm Cipher() => SymmetricAlgorithm.Create("AES")!;

                public byte[] Checksum(Stream file)
                {
                    using var hash = HashAlgorithm.Create("MD5")!;
                    return hash.ComputeHash(file);
                }

                public byte[] Digest(HashAlgorithmName configured, byte[] data)
                {
                    using var hash = IncrementalHash.CreateHash(configured);
                    hash.AppendData(data);
                    return hash.GetHashAndReset();
                }
            #pragma warning restore SYSLIB0045
            }

            class ScramSha1Authenticator
            {
                public byte[] ClientKey(byte[] saltedPassword)
                {
                    var name = HashAlgorithmName.SHA1;
                    using var hash = IncrementalHash.CreateHash(name);
                    hash.AppendData(saltedPassword);
                    return hash.GetHashAndReset();
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
