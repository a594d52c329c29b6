using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Crypto.BrokenCipherAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Crypto;

public sealed class BrokenCipherAnalyzerTests
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
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
