using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Configuration.AspNetCore;
using PipelineSecurity.Analyzers.Configuration.Crypto;
using PipelineSecurity.Analyzers.Configuration.Deserialization;
using PipelineSecurity.Analyzers.Configuration.Tls;
using PipelineSecurity.CodeFixes.Configuration;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Configuration.CodeFixes;

/// <summary>The PSF2xxx code fixes, each checked on a single finding and through Fix All.</summary>
public sealed class ConfigurationCodeFixTests
{
    [Fact]
    public async Task Removes_DangerousAcceptAnyServerCertificateValidator()
    {
        var source = """
            using System.Net.Http;

            class C
            {
                HttpClient M()
                {
                    var a = new HttpClientHandler { ServerCertificateCustomValidationCallback = [|HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|] };
                    var b = new HttpClientHandler();
                    b.ServerCertificateCustomValidationCallback = [|HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|];
                    return new HttpClient(b);
                }
            }
            """;
        var fixedSource = """
            using System.Net.Http;

            class C
            {
                HttpClient M()
                {
                    var a = new HttpClientHandler { };
                    var b = new HttpClientHandler();
                    return new HttpClient(b);
                }
            }
            """;
        await ConfigurationFixVerifier<CertificateValidationDisabledAnalyzer, RemoveAcceptAnyCertificateCodeFixProvider>.VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Replaces_deprecated_protocols_with_tls12_and_tls13()
    {
        var source = """
            using System.Net;
            using System.Net.Http;
            using System.Security.Authentication;

            class C
            {
            #pragma warning disable SYSLIB0014
                void M(HttpClientHandler h)
                {
                    h.SslProtocols = [|SslProtocols.Tls11|] | SslProtocols.Tls12;
                    ServicePointManager.SecurityProtocol = [|SecurityProtocolType.Tls11|];
                }
            #pragma warning restore SYSLIB0014
            }
            """;
        var fixedSource = """
            using System.Net;
            using System.Net.Http;
            using System.Security.Authentication;

            class C
            {
            #pragma warning disable SYSLIB0014
                void M(HttpClientHandler h)
                {
                    h.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                    ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13;
                }
            #pragma warning restore SYSLIB0014
            }
            """;
        await ConfigurationFixVerifier<DeprecatedTlsProtocolAnalyzer, UseModernTlsProtocolsCodeFixProvider>.VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Sets_TypeNameHandling_to_none()
    {
        var source = """
            using Newtonsoft.Json;

            class C
            {
                JsonSerializerSettings M(TypeNameHandling configured)
                {
                    var handling = TypeNameHandling.Auto;
                    var s = new JsonSerializerSettings { TypeNameHandling = [|TypeNameHandling.All|] };
                    s.TypeNameHandling = [|handling|];
                    return s;
                }
            }
            """;
        var fixedSource = """
            using Newtonsoft.Json;

            class C
            {
                JsonSerializerSettings M(TypeNameHandling configured)
                {
                    var handling = TypeNameHandling.Auto;
                    var s = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None };
                    s.TypeNameHandling = TypeNameHandling.None;
                    return s;
                }
            }
            """;
        await ConfigurationFixVerifier<NewtonsoftTypeNameHandlingAnalyzer, UseTypeNameHandlingNoneCodeFixProvider>.VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Makes_cookies_secure()
    {
        var source = """
            using Microsoft.AspNetCore.Http;

            class C
            {
                void M(HttpResponse response, CookieBuilder cookie)
                {
                    response.Cookies.Append("a", "1", [|new CookieOptions { HttpOnly = true }|]);
                    response.Cookies.Append("b", "2", new CookieOptions { Secure = [|false|], HttpOnly = true });
                    cookie.SecurePolicy = [|CookieSecurePolicy.SameAsRequest|];
                }
            }
            """;
        var fixedSource = """
            using Microsoft.AspNetCore.Http;

            class C
            {
                void M(HttpResponse response, CookieBuilder cookie)
                {
                    response.Cookies.Append("a", "1", new CookieOptions { HttpOnly = true, Secure = true });
                    response.Cookies.Append("b", "2", new CookieOptions { Secure = true, HttpOnly = true });
                    cookie.SecurePolicy = CookieSecurePolicy.Always;
                }
            }
            """;
        await ConfigurationFixVerifier<CookieWithoutSecureAnalyzer, SecureCookieCodeFixProvider>.VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Makes_cookies_http_only()
    {
        var source = """
            using Microsoft.AspNetCore.Http;

            class C
            {
                void M(HttpResponse response, CookieBuilder cookie)
                {
                    response.Cookies.Append("a", "1", [|new CookieOptions()|]);
                    cookie.HttpOnly = [|false|];
                }
            }
            """;
        var fixedSource = """
            using Microsoft.AspNetCore.Http;

            class C
            {
                void M(HttpResponse response, CookieBuilder cookie)
                {
                    response.Cookies.Append("a", "1", new CookieOptions { HttpOnly = true });
                    cookie.HttpOnly = true;
                }
            }
            """;
        await ConfigurationFixVerifier<CookieWithoutHttpOnlyAnalyzer, SecureCookieCodeFixProvider>.VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Replaces_md5_and_sha1_with_sha256()
    {
        var source = """
            using System.Security.Cryptography;

            class PasswordHasher
            {
            #pragma warning disable SYSLIB0021
                byte[] HashPassword(byte[] password) => [|MD5.HashData(password)|];
                byte[] HashSecret(byte[] secret) => [|new MD5CryptoServiceProvider()|].ComputeHash(secret);
                byte[] Mac(byte[] key, byte[] data) => [|new HMACSHA1(key)|].ComputeHash(data);
                byte[] Sign(RSA rsa, byte[] data) => rsa.SignData(data, [|HashAlgorithmName.MD5|], RSASignaturePadding.Pkcs1);
            #pragma warning restore SYSLIB0021
            }
            """;
        var fixedSource = """
            using System.Security.Cryptography;

            class PasswordHasher
            {
            #pragma warning disable SYSLIB0021
                byte[] HashPassword(byte[] password) => SHA256.HashData(password);
                byte[] HashSecret(byte[] secret) => SHA256.Create().ComputeHash(secret);
                byte[] Mac(byte[] key, byte[] data) => new HMACSHA256(key).ComputeHash(data);
                byte[] Sign(RSA rsa, byte[] data) => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            #pragma warning restore SYSLIB0021
            }
            """;
        await ConfigurationFixVerifier<WeakHashInSecurityRoleAnalyzer, UseSha256CodeFixProvider>.VerifyFixAsync(source, fixedSource);
    }
}
