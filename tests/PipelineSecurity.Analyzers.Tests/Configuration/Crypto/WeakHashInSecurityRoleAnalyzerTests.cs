using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using System.Threading;
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

                public byte[] Mac(byte[] key, byte[] data) => [|new HMACMD5(key)|].ComputeHash(data);

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

    [Fact]
    public async Task Hmac_sha1_is_not_a_broken_hash()
    {
        var source = """
            using System;
            using System.Security.Cryptography;

            class Totp
            {
                public int Code(byte[] secretKey, long counter)
                {
                    using var hmac = new HMACSHA1(secretKey);
                    var hash = hmac.ComputeHash(BitConverter.GetBytes(counter));
                    return hash[0];
                }

                public byte[] SignRequest(byte[] signingKey, byte[] data)
                {
                    using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, signingKey);
                    mac.AppendData(data);
                    return mac.GetHashAndReset();
                }

                public byte[] OAuthSignature(byte[] key, byte[] baseString) => HMACSHA1.HashData(key, baseString);
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Protocol_mandated_hashes_are_not_reported()
    {
        var source = """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            namespace Mail.Security
            {
                sealed class SaslMechanismCramMd5
                {
                    public string Challenge(byte[] password, byte[] challenge)
                    {
                        using var hmac = new HMACMD5(password);
                        return Convert.ToHexString(hmac.ComputeHash(challenge));
                    }
                }

                sealed class NtlmAuthenticator
                {
                    public byte[] PasswordHash(string password) => MD5.HashData(Encoding.Unicode.GetBytes(password));
                }

                sealed class Pop3Client
                {
                    private const string ApopCommand = "APOP ";

                    public string Login(string user, string timestamp, string password) =>
                        ApopCommand + user + " " + Convert.ToHexString(MD5.HashData(Encoding.ASCII.GetBytes(timestamp + password)));
                }

                sealed class ScramSha1
                {
                    public byte[] ClientProof(byte[] saltedPassword) => SHA1.HashData(saltedPassword);
                }
            }

            namespace Db
            {
                sealed class Connector
                {
                    // PostgreSQL AuthenticationMD5Password: "md5" + md5(md5(password + user) + salt).
                    byte[] AuthenticateMD5(string password, string user, byte[] salt) => MD5.HashData(Encoding.UTF8.GetBytes(password + user));
                }

                sealed class Handshake
                {
                    public string SecWebSocketAccept(string requestToken) =>
                        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(requestToken + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Protocol_words_elsewhere_do_not_hide_a_password_hash()
    {
        var source = """
            using System.Security.Cryptography;
            using System.Text;

            class AccountService
            {
                private const string DigestHeader = "Digest";

                public byte[] HashPassword(string password) => [|MD5.HashData(Encoding.UTF8.GetBytes(password))|];

                public byte[] ResetToken(string email) => [|SHA1.HashData(Encoding.UTF8.GetBytes(email))|];
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Option_report_all_uses_also_reports_protocol_code()
    {
        var source = """
            using System.Security.Cryptography;

            class NtlmAuthenticator
            {
                public byte[] PasswordHash(byte[] password) => [|MD5.HashData(password)|];
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source, "pipeline_security.PSF2010.report_all_uses = true\n");
    }

    [Fact]
    public async Task A_helper_type_in_the_file_of_a_protocol_implementation_is_protocol_code()
    {
        var source = """
            using System.Security.Cryptography;
            using System.Text;

            class DigestResponse
            {
                public byte[] ComputeHash(string user, string realm, string password) =>
                    MD5.HashData(Encoding.UTF8.GetBytes(user + ":" + realm + ":" + password));
            }
            """;
        var test = new Verify.Test(ReferenceProfile.AspNetCore80);
        test.TestState.Sources.Add(("/0/SaslMechanismDigestMd5.cs", source));
        await test.RunAsync(CancellationToken.None);

        var elsewhere = new Verify.Test(ReferenceProfile.AspNetCore80);
        elsewhere.TestState.Sources.Add(("/0/DigestResponse.cs", source.Replace("MD5.HashData(Encoding.UTF8.GetBytes(user + \":\" + realm + \":\" + password))", "[|MD5.HashData(Encoding.UTF8.GetBytes(user + \":\" + realm + \":\" + password))|]")));
        await elsewhere.RunAsync(CancellationToken.None);
    }
}
