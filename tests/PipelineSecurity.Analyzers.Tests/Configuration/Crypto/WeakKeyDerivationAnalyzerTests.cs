using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Crypto.WeakKeyDerivationAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Crypto;

public sealed class WeakKeyDerivationAnalyzerTests
{
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
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2015").WithLocation(0).WithArguments("Rfc2898DeriveBytes defaults to SHA-1", "100,000"),
            Verify.Diagnostic("PSF2015").WithLocation(1).WithArguments("Rfc2898DeriveBytes with 10,000 iterations", "100,000"));
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
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source, "pipeline_security.PSF2015.min_iterations = 10000\n");
    }

    [Fact]
    public async Task PasswordDeriveBytes_is_reported()
    {
        var source = """
            using System.Security.Cryptography;

            class LegacyCrypto
            {
            #pragma warning disable SYSLIB0041
                public byte[] Key(string password, byte[] salt)
                {
                    using var derive = {|#0:new PasswordDeriveBytes(password, salt)|};
                    return derive.GetBytes(32);
                }

                public byte[] Good(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
            #pragma warning restore SYSLIB0041
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source,
            Verify.Diagnostic("PSF2015").WithLocation(0).WithArguments("PasswordDeriveBytes is PBKDF1 with SHA-1 and 100 iterations: use Rfc2898DeriveBytes.Pbkdf2", "100,000"));
    }
}
