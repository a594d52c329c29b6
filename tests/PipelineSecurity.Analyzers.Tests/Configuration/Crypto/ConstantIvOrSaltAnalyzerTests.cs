using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Crypto.ConstantIvOrSaltAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Crypto;

public sealed class ConstantIvOrSaltAnalyzerTests
{
    [Fact]
    public async Task Constant_ivs_salts_and_nonces_are_reported()
    {
        var source = """
            using System.Security.Cryptography;
            using System.Text;

            class C
            {
                private static readonly byte[] FixedIv = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

                void M(byte[] key, string password, byte[] plaintext, byte[] ciphertext, byte[] tag)
                {
                    using var aes = Aes.Create();
                    aes.IV = {|#0:new byte[16]|};
                    using var encryptor = aes.CreateEncryptor(key, [|FixedIv|]);
                    var salt = Encoding.UTF8.GetBytes("contoso-salt");
                    var hash = Rfc2898DeriveBytes.Pbkdf2(password, [|salt|], 600_000, HashAlgorithmName.SHA256, 32);
                    using var gcm = new AesGcm(key, 16);
                    gcm.Encrypt([|new byte[12]|], plaintext, ciphertext, tag);
                    var iv2 = "0123456789abcdef"u8.ToArray();
                    aes.IV = [|iv2|];
                }
            }
            """;
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2014").WithLocation(0).WithArguments("IV"));
    }

    [Fact]
    public async Task Random_ivs_and_salts_are_not_reported()
    {
        var source = """
            using System.Security.Cryptography;

            class C
            {
                void M(byte[] key, string password, byte[] storedSalt)
                {
                    using var aes = Aes.Create();
                    aes.GenerateIV();
                    var iv = new byte[16];
                    RandomNumberGenerator.Fill(iv);
                    aes.IV = iv;
                    var salt = RandomNumberGenerator.GetBytes(16);
                    var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
                    var again = Rfc2898DeriveBytes.Pbkdf2(password, storedSalt, 600_000, HashAlgorithmName.SHA256, 32);
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
