using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Configuration.Crypto;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Crypto;

/// <summary>PSF2014 (constant IV or salt), PSF2015 (weak PBKDF2), PSF2016 (System.Random for secrets).</summary>
public sealed class KeyMaterialAnalyzersTests
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
        await ConfigurationVerifier<ConstantIvOrSaltAnalyzer>.VerifyAsync(
            source,
            ConfigurationVerifier<ConstantIvOrSaltAnalyzer>.Diagnostic("PSF2014").WithLocation(0).WithArguments("IV"));
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
        await ConfigurationVerifier<ConstantIvOrSaltAnalyzer>.VerifyAsync(source);
    }

    [Fact]
    public async Task Weak_pbkdf2_is_reported()
    {
        var source = """
            using System.Security.Cryptography;

            class C
            {
                const int Iterations = 10_000;

            #pragma warning disable SYSLIB0041, SYSLIB0060
                void M(string password, byte[] salt)
                {
                    using var a = {|#0:new Rfc2898DeriveBytes(password, salt)|};
                    using var b = [|new Rfc2898DeriveBytes(password, salt, 600_000, HashAlgorithmName.SHA1)|];
                    var c = {|#1:Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32)|};
                    var good = Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA512, 64);
                }
            #pragma warning restore SYSLIB0041, SYSLIB0060
            }
            """;
        await ConfigurationVerifier<WeakKeyDerivationAnalyzer>.VerifyAsync(
            source,
            ConfigurationVerifier<WeakKeyDerivationAnalyzer>.Diagnostic("PSF2015").WithLocation(0).WithArguments("Rfc2898DeriveBytes defaults to SHA-1", "100,000"),
            ConfigurationVerifier<WeakKeyDerivationAnalyzer>.Diagnostic("PSF2015").WithLocation(1).WithArguments("Rfc2898DeriveBytes with 10,000 iterations", "100,000"));
    }

    [Fact]
    public async Task Minimum_iterations_is_configurable()
    {
        var source = """
            using System.Security.Cryptography;

            class C
            {
                void M(string password, byte[] salt)
                {
                    var c = Rfc2898DeriveBytes.Pbkdf2(password, salt, 10_000, HashAlgorithmName.SHA256, 32);
                }
            }
            """;
        await ConfigurationVerifier<WeakKeyDerivationAnalyzer>.VerifyAsync(source, "pipeline_security.PSF2015.min_iterations = 10000\n");
    }

    [Fact]
    public async Task Random_for_tokens_passwords_and_keys_is_reported()
    {
        var source = """
            using System;
            using System.Linq;

            class C
            {
                private readonly Random random = new();
                public string ResetToken { get; set; } = "";

                public string GeneratePassword()
                {
                    const string chars = "abcdefghijklmnopqrstuvwxyz0123456789";
                    return new string(Enumerable.Range(0, 16).Select(_ => chars[{|#0:random.Next(chars.Length)|}]).ToArray());
                }

                public void M()
                {
                    var key = new byte[32];
                    [|random.NextBytes(key)|];
                    var sessionId = [|Random.Shared.NextInt64()|];
                    ResetToken = [|random.Next()|].ToString();
                }
            }
            """;
        await ConfigurationVerifier<InsecureRandomForSecretAnalyzer>.VerifyAsync(
            source,
            ConfigurationVerifier<InsecureRandomForSecretAnalyzer>.Diagnostic("PSF2016").WithLocation(0).WithArguments("'GeneratePassword'"));
    }

    [Fact]
    public async Task Random_for_jitter_sampling_and_games_is_not_reported()
    {
        var source = """
            using System;

            class RetryPolicy
            {
                public TimeSpan Delay(int attempt)
                {
                    var jitter = Random.Shared.Next(0, 100);
                    return TimeSpan.FromMilliseconds(100 * attempt + jitter);
                }

                public int RollDice() => Random.Shared.Next(1, 7);

                public void Shuffle(int[] cards) => Random.Shared.Shuffle(cards);
            }
            """;
        await ConfigurationVerifier<InsecureRandomForSecretAnalyzer>.VerifyAsync(source);
    }
}
