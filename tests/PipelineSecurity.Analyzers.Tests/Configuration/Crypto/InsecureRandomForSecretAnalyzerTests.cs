using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Crypto.InsecureRandomForSecretAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Crypto;

public sealed class InsecureRandomForSecretAnalyzerTests
{
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
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2016").WithLocation(0).WithArguments("'GeneratePassword'"));
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
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
