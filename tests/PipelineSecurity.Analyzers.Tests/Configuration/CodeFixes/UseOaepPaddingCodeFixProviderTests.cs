using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    PipelineSecurity.Analyzers.Configuration.Crypto.RsaPkcs1EncryptionAnalyzer,
    PipelineSecurity.CodeFixes.Configuration.UseOaepPaddingCodeFixProvider>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.CodeFixes;

public sealed class UseOaepPaddingCodeFixProviderTests
{
    [Fact]
    public async Task Replaces_pkcs1_encryption_padding_with_oaep_sha256()
    {
        var source = """
            using System.Security.Cryptography;

            class KeyWrap
            {
                byte[] Wrap(RSA rsa, byte[] key) => rsa.Encrypt(key, [|RSAEncryptionPadding.Pkcs1|]);
                byte[] Unwrap(RSA rsa, byte[] key) => rsa.Decrypt(key, [|System.Security.Cryptography.RSAEncryptionPadding.Pkcs1|]);
                byte[] Legacy(RSACryptoServiceProvider rsa, byte[] data) => rsa.Encrypt(data, fOAEP: [|false|]);
            }
            """;
        var fixedSource = """
            using System.Security.Cryptography;

            class KeyWrap
            {
                byte[] Wrap(RSA rsa, byte[] key) => rsa.Encrypt(key, RSAEncryptionPadding.OaepSHA256);
                byte[] Unwrap(RSA rsa, byte[] key) => rsa.Decrypt(key, System.Security.Cryptography.RSAEncryptionPadding.OaepSHA256);
                byte[] Legacy(RSACryptoServiceProvider rsa, byte[] data) => rsa.Encrypt(data, fOAEP: true);
            }
            """;
        await Verify.VerifyFixAsync(ReferenceProfile.AspNetCore80, source, fixedSource);
    }

    [Fact]
    public async Task Padding_through_a_variable_gets_no_fix()
    {
        var source = """
            using System.Security.Cryptography;

            class KeyWrap
            {
                static readonly RSAEncryptionPadding Padding = RSAEncryptionPadding.Pkcs1;

                byte[] Wrap(RSA rsa, byte[] key) => rsa.Encrypt(key, [|Padding|]);
            }
            """;
        await Verify.VerifyFixAsync(ReferenceProfile.AspNetCore80, source, source);
    }
}
