using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Crypto.RsaPkcs1EncryptionAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Crypto;

public sealed class RsaPkcs1EncryptionAnalyzerTests
{
    [Fact]
    public async Task Pkcs1_encryption_padding_is_reported_directly_and_through_a_field()
    {
        var source = """
            using System.Security.Cryptography;

            class KeyWrap
            {
                private static readonly RSAEncryptionPadding Padding = RSAEncryptionPadding.Pkcs1;

                public byte[] Wrap(RSA rsa, byte[] key) => rsa.Encrypt(key, {|#0:RSAEncryptionPadding.Pkcs1|});

                public byte[] Unwrap(RSA rsa, byte[] wrapped) => rsa.Decrypt(wrapped, [|Padding|]);

                public byte[] Legacy(RSACryptoServiceProvider provider, byte[] data) => provider.Encrypt(data, [|false|]);
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source,
            Verify.Diagnostic("PSF2063").WithLocation(0).WithArguments("RSAEncryptionPadding.Pkcs1"));
    }

    [Fact]
    public async Task Oaep_and_pkcs1_signatures_are_not_reported()
    {
        var source = """
            using System.Security.Cryptography;

            class KeyWrap
            {
                public byte[] Wrap(RSA rsa, byte[] key) => rsa.Encrypt(key, RSAEncryptionPadding.OaepSHA256);

                public byte[] Legacy(RSACryptoServiceProvider provider, byte[] data) => provider.Encrypt(data, true);

                public byte[] Sign(RSA rsa, byte[] data) => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
