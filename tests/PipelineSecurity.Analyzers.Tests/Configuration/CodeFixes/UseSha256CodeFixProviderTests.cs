using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Configuration.Crypto;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    PipelineSecurity.Analyzers.Configuration.Crypto.WeakHashInSecurityRoleAnalyzer,
    PipelineSecurity.CodeFixes.Configuration.UseSha256CodeFixProvider>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.CodeFixes;

public sealed class UseSha256CodeFixProviderTests
{
    [Fact]
    public async Task Replaces_md5_and_sha1_with_sha256()
    {
        var source = """
            using System.Security.Cryptography;

            class PasswordHasher
            {
            #pragma warning disable SYSLIB0021
                byte[] HashPassword(byte[] password) => [|MD5.HashData(password)|];
                byte[] HashSecret(byte[] secret) => [|new MD5CryptoServiceProvider()|].ComputeHash(secret);
                byte[] Mac(byte[] key, byte[] data) => [|new HMACSHA1(key)|].ComputeHash(data);
                byte[] Sign(RSA rsa, byte[] data) => rsa.SignData(data, [|HashAlgorithmName.MD5|], RSASignaturePadding.Pkcs1);
            #pragma warning restore SYSLIB0021
            }
            """;
        var fixedSource = """
            using System.Security.Cryptography;

            class PasswordHasher
            {
            #pragma warning disable SYSLIB0021
                byte[] HashPassword(byte[] password) => SHA256.HashData(password);
                byte[] HashSecret(byte[] secret) => SHA256.Create().ComputeHash(secret);
                byte[] Mac(byte[] key, byte[] data) => new HMACSHA256(key).ComputeHash(data);
                byte[] Sign(RSA rsa, byte[] data) => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            #pragma warning restore SYSLIB0021
            }
            """;
        await Verify.VerifyFixAsync(ReferenceProfile.AspNetCore80, source, fixedSource);
    }
}
