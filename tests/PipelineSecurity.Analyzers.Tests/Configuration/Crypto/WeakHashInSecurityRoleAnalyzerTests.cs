using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Crypto.WeakHashInSecurityRoleAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Crypto;

public sealed class WeakHashInSecurityRoleAnalyzerTests
{
    [Fact]
    public async Task Reports_md5_and_sha1_for_passwords_tokens_hmacs_and_signatures()
    {
        var source = """
            using System.Security.Cryptography;
            using System.Text;

            class PasswordService
            {
                public byte[] HashPassword(string password)
                {
                    using var md5 = {|#0:MD5.Create()|};
                    return md5.ComputeHash(Encoding.UTF8.GetBytes(password));
                }

                public byte[] Digest(string apiToken) => [|SHA1.HashData(Encoding.UTF8.GetBytes(apiToken))|];

                public byte[] Mac(byte[] key, byte[] data) => [|new HMACSHA1(key)|].ComputeHash(data);

                public byte[] Sign(RSA rsa, byte[] data) => rsa.SignData(data, [|HashAlgorithmName.SHA1|], RSASignaturePadding.Pkcs1);
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source, Verify.Diagnostic("PSF2010").WithLocation(0).WithArguments("MD5", "'HashPassword'"));
    }

    [Fact]
    public async Task Does_not_report_checksums_etags_or_cache_keys()
    {
        var source = """
            using System;
            using System.IO;
            using System.Security.Cryptography;
            using System.Text;

            class FileCache
            {
                public string CacheKey(string url) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(url)));

                public byte[] Checksum(Stream file)
                {
                    using var sha1 = SHA1.Create();
                    return sha1.ComputeHash(file);
                }

                public string ETag(byte[] body) => Convert.ToBase64String(MD5.HashData(body));
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Option_reports_every_use()
    {
        var source = """
            using System.Security.Cryptography;

            class FileCache
            {
                public byte[] Checksum(byte[] data) => [|MD5.HashData(data)|];
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source, "pipeline_security.PSF2010.report_all_uses = true\n");
    }
}
