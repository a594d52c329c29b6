using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Tls.CertificateValidationDisabledAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration;

/// <summary>The value tracker, exercised through PSF2001: every flow it follows, and the ones it must not invent.</summary>
public sealed class ValueTrackerTests
{
    private const string Usings = """
        using System;
        using System.Net.Http;
        using System.Net.Security;
        using System.Security.Cryptography.X509Certificates;

        """;

    [Theory]
    [InlineData("var accept = true; h.ServerCertificateCustomValidationCallback = [|(m, c, ch, e) => accept|];")]
    [InlineData("h.ServerCertificateCustomValidationCallback = [|(m, c, ch, e) => Always|];")]
    [InlineData("h.ServerCertificateCustomValidationCallback = [|(m, c, ch, e) => { return true; }|];")]
    [InlineData("h.ServerCertificateCustomValidationCallback = [|delegate { return true; }|];")]
    [InlineData("h.ServerCertificateCustomValidationCallback = [|(m, c, ch, e) => (true)|];")]
    [InlineData("var ok = Always ? true : true; h.ServerCertificateCustomValidationCallback = [|(m, c, ch, e) => ok|];")]
    public async Task Follows_constants_locals_and_lambda_forms(string statement)
    {
        var source = Usings + """
            class C
            {
                const bool Always = true;
                void M(HttpClientHandler h)
                {
                    STATEMENT
                }
            }
            """.Replace("STATEMENT", statement);
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Follows_a_local_a_field_initializer_and_a_method_group()
    {
        var source = Usings + """
            class C
            {
                private static readonly Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> AcceptAllField = (m, c, ch, e) => true;

                static bool AcceptAll(HttpRequestMessage m, X509Certificate2? c, X509Chain? ch, SslPolicyErrors e) => true;

                void ViaLocal()
                {
                    var h = new HttpClientHandler();
                    Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> callback = (m, c, ch, e) => true;
                    h.ServerCertificateCustomValidationCallback = [|callback|];
                }

                void ViaField() => new HttpClientHandler { ServerCertificateCustomValidationCallback = [|AcceptAllField|] }.Dispose();

                void ViaMethodGroup()
                {
                    var h = new HttpClientHandler();
                    h.ServerCertificateCustomValidationCallback = [|AcceptAll|];
                }

                void ViaLocalFunction()
                {
                    var h = new HttpClientHandler();
                    h.ServerCertificateCustomValidationCallback = [|Local|];
                    static bool Local(HttpRequestMessage m, X509Certificate2? c, X509Chain? ch, SslPolicyErrors e) { return true; }
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Does_not_report_values_it_cannot_prove()
    {
        var source = Usings + """
            class C
            {
                bool allow;

                static bool Check(HttpRequestMessage m, X509Certificate2? c, X509Chain? ch, SslPolicyErrors e) => e == SslPolicyErrors.None;

                void M(HttpClientHandler h, Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> injected)
                {
                    h.ServerCertificateCustomValidationCallback = injected;
                    h.ServerCertificateCustomValidationCallback = Check;
                    h.ServerCertificateCustomValidationCallback = (m, c, ch, e) => allow;
                    h.ServerCertificateCustomValidationCallback = (m, c, ch, e) => { if (e != SslPolicyErrors.None) return false; return true; };
                    h.ServerCertificateCustomValidationCallback = (m, c, ch, e) => c?.Thumbprint == "AB12";
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Survives_assignment_cycles()
    {
        var source = Usings + """
            class C
            {
                void M(HttpClientHandler h)
                {
                    bool a = false, b = false;
                    a = b;
                    b = a;
                    h.ServerCertificateCustomValidationCallback = (m, c, ch, e) => a;
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Stays_bounded_on_a_local_assigned_from_many_others()
    {
        var assignments = new System.Text.StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            assignments.Append($"bool v{i} = false; if (h.MaxConnectionsPerServer == {i}) {{ v{i} = {(i == 0 ? "false" : "v" + (i - 1))}; a = v{i}; }}\n");
        }

        var source = Usings + """
            class C
            {
                void M(HttpClientHandler h)
                {
                    bool a = false;
                    ASSIGNMENTS
                    h.ServerCertificateCustomValidationCallback = (m, c, ch, e) => a;
                }
            }
            """.Replace("ASSIGNMENTS", assignments.ToString());
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
