using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Configuration.Crypto;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Crypto;

/// <summary>PSF2011 (broken ciphers), PSF2012 (ECB), PSF2013 (weak asymmetric keys).</summary>
public sealed class CipherAnalyzersTests
{
    [Fact]
    public async Task Broken_ciphers_are_reported_and_aes_is_not()
    {
        var source = """
            using System.Security.Cryptography;

            class C
            {
            #pragma warning disable SYSLIB0021
                void M()
                {
                    using var des = [|DES.Create()|];
                    using var triple = [|TripleDES.Create()|];
                    using var rc2 = [|new RC2CryptoServiceProvider()|];
                    using var aes = Aes.Create();
                }
            #pragma warning restore SYSLIB0021
            }
            """;
        await ConfigurationVerifier<BrokenCipherAnalyzer>.VerifyAsync(source);
    }

    [Fact]
    public async Task Ecb_mode_is_reported_through_locals_and_apis()
    {
        var source = """
            using System.Security.Cryptography;

            class C
            {
                static readonly CipherMode Mode = CipherMode.ECB;

                byte[] M(byte[] data)
                {
                    using var aes = Aes.Create();
                    aes.Mode = [|Mode|];
                    var other = Aes.Create();
                    var mode = CipherMode.ECB;
                    other.Mode = [|mode|];
                    other.Mode = CipherMode.CBC;
                    return [|aes.EncryptEcb(data, PaddingMode.PKCS7)|];
                }
            }
            """;
        await ConfigurationVerifier<EcbModeAnalyzer>.VerifyAsync(source);
    }

    [Fact]
    public async Task Small_rsa_keys_and_dsa_are_reported()
    {
        var source = """
            using System.Security.Cryptography;

            class C
            {
                const int Bits = 1024;

                void M()
                {
                    using var a = RSA.Create({|#0:Bits|});
                    using var b = new RSACryptoServiceProvider([|512|]);
                    using var c = RSA.Create();
                    c.KeySize = [|1024|];
                    using var d = [|DSA.Create()|];
                    using var good = RSA.Create(3072);
                    good.KeySize = 2048;
                }
            }
            """;
        await ConfigurationVerifier<WeakAsymmetricKeyAnalyzer>.VerifyAsync(
            source,
            ConfigurationVerifier<WeakAsymmetricKeyAnalyzer>.Diagnostic("PSF2013").WithLocation(0).WithArguments("RSA key of 1024 bits", "2048"));
    }

    [Fact]
    public async Task Minimum_rsa_key_size_is_configurable()
    {
        var source = """
            using System.Security.Cryptography;

            class C
            {
                void M()
                {
                    using var a = RSA.Create([|2048|]);
                    using var b = RSA.Create(4096);
                }
            }
            """;
        await ConfigurationVerifier<WeakAsymmetricKeyAnalyzer>.VerifyAsync(source, "pipeline_security.PSF2013.min_rsa_key_size = 3072\n");
    }
}
