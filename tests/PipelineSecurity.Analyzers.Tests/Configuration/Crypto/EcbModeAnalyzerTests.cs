using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Crypto.EcbModeAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Crypto;

public sealed class EcbModeAnalyzerTests
{
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
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
