using System;
using System.Text;
using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<PipelineSecurity.Analyzers.Secrets.HardCodedCredentialSinkAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Secrets;

public sealed class HardCodedCredentialSinkAnalyzerTests
{
    // Microsoft.IdentityModel.Tokens is not in the reference assemblies: the same shape, declared here.
    private const string IdentityModel = """

        namespace Microsoft.IdentityModel.Tokens
        {
            public abstract class SecurityKey { }
            public class SymmetricSecurityKey : SecurityKey { public SymmetricSecurityKey(byte[] key) { } }
        }
        """;

    private static readonly string KeyText = FakeSecrets.Alnum(32, 81);
    private static readonly string Password = "Summer" + "2024!";

    [Fact]
    public async Task Follows_a_constant_into_a_jwt_signing_key_whatever_it_is_called()
    {
        var source = $$"""
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            class Startup
            {
                private const string Material = {|#0:"{{KeyText}}"|};

                SecurityKey Key() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Material));

                SecurityKey Inline()
                {
                    var bytes = Encoding.ASCII.GetBytes({|#1:"{{FakeSecrets.Alnum(40, 82)}}"|});
                    return new SymmetricSecurityKey(bytes);
                }
            }
            """ + IdentityModel;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic("PSF1006").WithLocation(0).WithArguments("The bytes of a string constant", "SymmetricSecurityKey(key)"),
            Verify.Diagnostic("PSF1006").WithLocation(1).WithArguments("The bytes of a string constant", "SymmetricSecurityKey(key)"));
    }

    [Fact]
    public async Task Finds_keys_of_keyed_hashes_and_ciphers()
    {
        var base64 = Convert.ToBase64String(FakeSecrets.Bytes(32, 83));
        var hex = FakeSecrets.Hex(64, 84);
        var source = $$"""
            using System;
            using System.Security.Cryptography;

            class Crypto
            {
                static readonly byte[] Pepper = {|PSF1006:new byte[] { 0x3a, 0x91, 0x5c, 0x07, 0xee, 0x42, 0x18, 0xd4, 0x6b, 0x20 }|};

                byte[] Sign(byte[] data)
                {
                    using var hmac = new HMACSHA256(Pepper);
                    return hmac.ComputeHash(data);
                }

                byte[] Mac(byte[] data) => HMACSHA512.HashData({|PSF1006:"{{FakeSecrets.Alnum(24, 85)}}"u8|}, data);

                ICryptoTransform Encryptor(byte[] iv)
                {
                    using var aes = Aes.Create();
                    aes.Key = Convert.FromBase64String({|PSF1006:"{{base64}}"|});
                    return aes.CreateEncryptor(Convert.FromHexString({|PSF1006:"{{hex}}"|}), iv);
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Finds_passwords_of_credentials_and_basic_authentication()
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("svc-reports:" + Password));
        var source = $$"""
            using System;
            using System.Net;
            using System.Net.Http.Headers;
            using System.Text;

            class Clients
            {
                ICredentials Smtp()
                {
                    var s = {|PSF1006:"{{Password}}"|};
                    return new NetworkCredential("mailer", s);
                }

                AuthenticationHeaderValue Reports() =>
                    new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes({|PSF1006:"svc-reports:{{Password}}"|})));

                // Already PSF1005 (the value of an Authorization header), so not reported twice.
                AuthenticationHeaderValue Legacy() => new("Basic", "{{basic}}");
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Ignores_keys_and_passwords_read_at_run_time_generated_or_placeholders()
    {
        const string Source = """
            using System;
            using System.Net;
            using System.Net.Http.Headers;
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            class Safe
            {
                SecurityKey FromConfiguration(Func<string, string> configuration) =>
                    new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration("Jwt:Key")));

                SecurityKey Documented() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes("your-256-bit-secret"));

                byte[] Generated(byte[] data)
                {
                    var key = new byte[32];
                    RandomNumberGenerator.Fill(key);
                    using var hmac = new HMACSHA256(key);
                    return hmac.ComputeHash(Encoding.UTF8.GetBytes("not a key, the message"));
                }

                byte[] Zero(byte[] data) => HMACSHA256.HashData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 }, data);

                byte[] Hash() => SHA256.HashData(Encoding.UTF8.GetBytes("constant-input-to-a-hash"));

                ICredentials Passed(string user, string password) => new NetworkCredential(user, password);

                ICredentials Empty() => new NetworkCredential("", "");

                ICredentials Word() => new NetworkCredential("guest", "anonymous");

                AuthenticationHeaderValue Built(string user, string password) =>
                    new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

                AuthenticationHeaderValue Bearer(string token) => new AuthenticationHeaderValue("Bearer", token);
            }
            """ + IdentityModel;

        await Verify.VerifyAsync(Source);
    }

    [Fact]
    public async Task A_value_the_name_based_rule_reports_is_not_reported_twice()
    {
        var source = $$"""
            using System.Security.Cryptography;
            using System.Text;

            class Tokens
            {
                private const string SigningKey = "{{KeyText}}";

                byte[] Sign(byte[] data) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningKey), data);
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Is_suppressed_by_pragma()
    {
        var source = $$"""
            using System.Security.Cryptography;
            using System.Text;

            class Tokens
            {
                byte[] Sign(byte[] data) => HMACSHA256.HashData(Encoding.UTF8.GetBytes({|#0:"{{KeyText}}"|}), data);

            #pragma warning disable PSF1006 // test vector from the HMAC specification
                byte[] Vector(byte[] data) => HMACSHA256.HashData(Encoding.UTF8.GetBytes("{{FakeSecrets.Alnum(32, 86)}}"), data);
            #pragma warning restore PSF1006
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic("PSF1006").WithLocation(0).WithArguments("The bytes of a string constant", "HMACSHA256.HashData(key)"));
    }

    [Fact]
    public async Task Test_projects_can_silence_the_rule()
    {
        var test = new Verify.Test
        {
            TestCode = $$"""
                using System.Security.Cryptography;
                using System.Text;

                class Tokens
                {
                    byte[] Sign(byte[] data) => HMACSHA256.HashData(Encoding.UTF8.GetBytes("{{KeyText}}"), data);
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\npipeline_security.secrets.test_project_severity = none\n"));
        await test.RunAsync();
    }
}
