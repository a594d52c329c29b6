using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Tls.CertificateValidationDisabledAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Tls;

public sealed class CertificateValidationDisabledAnalyzerTests
{
    [Fact]
    public async Task Reports_every_sink_that_accepts_any_certificate()
    {
        var source = """
            using System.IO;
            using System.Net;
            using System.Net.Http;
            using System.Net.Security;

            class C
            {
                static bool AcceptAll(object sender, System.Security.Cryptography.X509Certificates.X509Certificate? c, System.Security.Cryptography.X509Certificates.X509Chain? ch, SslPolicyErrors e) => true;

                void M(Stream stream)
                {
                    var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = [|HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|] };
                    var sockets = new SocketsHttpHandler();
                    sockets.SslOptions.RemoteCertificateValidationCallback = [|AcceptAll|];
                    var client = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = [|(s, c, ch, e) => true|] };
            #pragma warning disable SYSLIB0014
                    ServicePointManager.ServerCertificateValidationCallback = [|delegate { return true; }|];
                    ServicePointManager.ServerCertificateValidationCallback += [|AcceptAll|];
            #pragma warning restore SYSLIB0014
                    var ssl = new SslStream(stream, false, [|(s, c, ch, e) => true|]);
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Message_names_the_sink()
    {
        var source = """
            using System.Net.Http;

            class C
            {
                void M()
                {
                    var h = new HttpClientHandler();
                    var accept = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
                    h.ServerCertificateCustomValidationCallback = {|#0:accept|};
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source, Verify.Diagnostic("PSF2001").WithLocation(0).WithArguments("HttpClientHandler.ServerCertificateCustomValidationCallback"));
    }

    [Fact]
    public async Task Reports_kestrel_client_certificate_validation_that_accepts_all()
    {
        var source = """
            using Microsoft.AspNetCore.Server.Kestrel.Https;

            class C
            {
                void M(HttpsConnectionAdapterOptions o)
                {
                    o.ClientCertificateValidation = [|(cert, chain, errors) => true|];
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Does_not_report_callbacks_that_check_the_errors()
    {
        var source = """
            using System.Net.Http;
            using System.Net.Security;

            class C
            {
                void M()
                {
                    var h = new HttpClientHandler
                    {
                        ServerCertificateCustomValidationCallback = (m, c, ch, e) => e == SslPolicyErrors.None,
                    };
                    var o = new SslClientAuthenticationOptions
                    {
                        RemoteCertificateValidationCallback = (s, c, ch, e) =>
                        {
                            if (e == SslPolicyErrors.None) return true;
                            return false;
                        },
                    };
                    var unrelated = new System.Func<int, bool>(x => true);
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task A_callback_that_may_accept_everything_is_reported_once_here()
    {
        // PSF2002 stays quiet on it (see CertificateValidationPartialAnalyzerTests).
        var source = """
            using System.Net.Http;
            using System.Net.Security;

            class C
            {
                void M(HttpClientHandler h, bool lenient)
                {
                    System.Func<HttpRequestMessage, System.Security.Cryptography.X509Certificates.X509Certificate2?, System.Security.Cryptography.X509Certificates.X509Chain?, SslPolicyErrors, bool> check =
                        (m, c, ch, e) => true;
                    if (!lenient)
                    {
                        check = (m, c, ch, e) => e == SslPolicyErrors.None || e == SslPolicyErrors.RemoteCertificateNameMismatch;
                    }

                    h.ServerCertificateCustomValidationCallback = [|check|];
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task A_validation_switch_the_user_opts_out_with_is_not_reported()
    {
        var source = """
            using System.Net.Http;
            using System.Net.Security;

            sealed class Options
            {
                public bool TrustServerCertificate { get; set; }
            }

            class Connector
            {
                HttpClient Create(Options options)
                {
                    var handler = new HttpClientHandler();
                    handler.ServerCertificateCustomValidationCallback = options.TrustServerCertificate
                        ? HttpClientHandler.DangerousAcceptAnyServerCertificateValidator
                        : null;
                    return new HttpClient(handler);
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task ClientWebSocket_options_that_accept_every_certificate_are_reported()
    {
        var source = """
            using System.Net.WebSockets;

            class Feed
            {
                ClientWebSocket Connect()
                {
                    var socket = new ClientWebSocket();
                    socket.Options.RemoteCertificateValidationCallback = [|(sender, certificate, chain, errors) => true|];
                    var strict = new ClientWebSocket();
                    strict.Options.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => errors == System.Net.Security.SslPolicyErrors.None;
                    return socket;
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task An_accept_all_callback_chosen_only_on_a_branch_of_the_users_mode_is_not_reported()
    {
        // The shape of a database driver: SslMode=Require means "encrypt, do not verify" by the protocol's own definition.
        var source = """
            using System.Net.Security;
            using System.Security.Cryptography.X509Certificates;

            enum SslMode { Disable, Require, VerifyFull }

            class Connector
            {
                static bool TrustServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;

                static bool VerifyFull(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => errors == SslPolicyErrors.None;

                SslClientAuthenticationOptions Options(SslMode mode)
                {
                    RemoteCertificateValidationCallback callback;
                    if (mode == SslMode.Require)
                    {
                        callback = TrustServer;
                    }
                    else
                    {
                        callback = VerifyFull;
                    }

                    return new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = callback };
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
