using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Crypto.WeakAsymmetricKeyAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Crypto;

public sealed class WeakAsymmetricKeyAnalyzerTests
{
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
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2013").WithLocation(0).WithArguments("RSA key of 1024 bits", "2048"));
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
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source, "pipeline_security.PSF2013.min_rsa_key_size = 3072\n");
    }

    [Fact]
    public async Task Default_provider_keys_and_small_curves_are_reported()
    {
        var source = """
            using System.Security.Cryptography;

            class Keys
            {
                const string Curve = "secp160r1";

                public RSA Rsa() => {|#0:new RSACryptoServiceProvider()|};

                public ECDsa Small() => ECDsa.Create([|ECCurve.NamedCurves.brainpoolP192r1|]);

                public ECDiffieHellman Named() => ECDiffieHellman.Create([|ECCurve.CreateFromFriendlyName(Curve)|]);
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source,
            Verify.Diagnostic("PSF2013").WithLocation(0).WithArguments("new RSACryptoServiceProvider() generates a 1024-bit key", "2048"));
    }

    [Fact]
    public async Task Imported_or_sized_provider_keys_and_standard_curves_are_not_reported()
    {
        var source = """
            using System.Security.Cryptography;

            class Keys
            {
                public RSA FromXml(string xml)
                {
                    var rsa = new RSACryptoServiceProvider();
                    rsa.FromXmlString(xml);
                    return rsa;
                }

                public RSA Imported(RSAParameters parameters)
                {
                    var rsa = new RSACryptoServiceProvider();
                    rsa.ImportParameters(parameters);
                    return rsa;
                }

                public RSA Sized() => new RSACryptoServiceProvider(3072);

                public ECDsa P256() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

                public ECDsa Brainpool() => ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1);
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
