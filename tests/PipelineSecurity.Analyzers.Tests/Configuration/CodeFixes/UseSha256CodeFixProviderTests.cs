using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    PipelineSecurity.Analyzers.Configuration.Crypto.WeakHashInSecurityRoleAnalyzer,
    PipelineSecurity.CodeFixes.Configuration.UseSha256CodeFixProvider>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.CodeFixes;

public sealed class UseSha256CodeFixProviderTests
{
    [Fact]
    public async Task Replaces_md5_and_sha1_with_sha256_outside_password_hashing()
    {
        var source = """
            using System.Security.Cryptography;

            class TokenService
            {
            #pragma warning disable SYSLIB0021
                byte[] HashToken(byte[] token) => [|SHA1.HashData(token)|];
                byte[] HashSecret(byte[] secret) => [|new MD5CryptoServiceProvider()|].ComputeHash(secret);
                byte[] Sign(RSA rsa, byte[] data) => rsa.SignData(data, [|HashAlgorithmName.MD5|], RSASignaturePadding.Pkcs1);
                byte[] SignMac(byte[] signingKey, byte[] data) => [|new HMACMD5(signingKey)|].ComputeHash(data);
            #pragma warning restore SYSLIB0021
            }
            """;
        var fixedSource = """
            using System.Security.Cryptography;

            class TokenService
            {
            #pragma warning disable SYSLIB0021
                byte[] HashToken(byte[] token) => SHA256.HashData(token);
                byte[] HashSecret(byte[] secret) => SHA256.Create().ComputeHash(secret);
                byte[] Sign(RSA rsa, byte[] data) => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                byte[] SignMac(byte[] signingKey, byte[] data) => new HMACSHA256(signingKey).ComputeHash(data);
            #pragma warning restore SYSLIB0021
            }
            """;
        await Verify.VerifyFixAsync(ReferenceProfile.AspNetCore80, source, fixedSource);
    }

    [Fact]
    public async Task Password_hashing_gets_pbkdf2_with_the_salt_in_scope()
    {
        var source = """
            using System.Security.Cryptography;
            using System.Text;

            class PasswordHasher
            {
                byte[] HashPassword(string password, byte[] salt) =>
                    [|MD5.HashData(Encoding.UTF8.GetBytes(password))|];

                byte[] HashPasswordQualified(byte[] passwordBytes, byte[] userSalt) =>
                    [|System.Security.Cryptography.SHA1.HashData(passwordBytes)|];
            }
            """;
        var fixedSource = """
            using System.Security.Cryptography;
            using System.Text;

            class PasswordHasher
            {
                byte[] HashPassword(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, 600_000, HashAlgorithmName.SHA256, 32);

                byte[] HashPasswordQualified(byte[] passwordBytes, byte[] userSalt) =>
                    System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(passwordBytes, userSalt, 600_000, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
            }
            """;
        await Verify.VerifyFixAsync(ReferenceProfile.AspNetCore80, source, fixedSource);
    }

    [Fact]
    public async Task Password_hashing_without_a_salt_gets_no_sha256_fix()
    {
        // An unsalted SHA-256 would be the wrong advice: no fix is offered, the docs explain PBKDF2 and the migration.
        var source = """
            using System.Security.Cryptography;
            using System.Text;

            class PasswordHasher
            {
                byte[] HashPassword(string password) => [|MD5.HashData(Encoding.UTF8.GetBytes(password))|];

                bool CheckPassword(string password, byte[] stored)
                {
                    using var md5 = [|MD5.Create()|];
                    return CryptographicOperations.FixedTimeEquals(md5.ComputeHash(Encoding.UTF8.GetBytes(password)), stored);
                }
            }
            """;
        await Verify.VerifyFixAsync(ReferenceProfile.AspNetCore80, source, source);
    }
}
