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

    [Fact]
    public async Task Random_one_time_and_verification_codes_are_reported()
    {
        var source = """
            using System;

            class TwoFactorService
            {
                private static readonly Random Rng = new();

                public string SendSmsCode() => [|Rng.Next(100_000, 1_000_000)|].ToString("D6");

                public int ConfirmationNumber() => [|Random.Shared.Next()|];

                public string InviteLink(Guid team)
                {
                    var code = [|Rng.Next()|];
                    return $"/join/{team}/{code}";
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Random_status_codes_in_test_data_and_colour_codes_are_not_reported()
    {
        var source = """
            using System;

            class FakeData
            {
                public int Age() => Random.Shared.Next(18, 99);

                public string Colour() => "#" + Random.Shared.Next(0x1000000).ToString("X6");

                public TimeSpan Backoff(int statusCodeIgnored) => TimeSpan.FromMilliseconds(Random.Shared.Next(50, 500));
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
