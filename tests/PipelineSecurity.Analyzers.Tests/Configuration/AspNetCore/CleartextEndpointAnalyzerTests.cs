using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Configuration.AspNetCore;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.AspNetCore.CleartextEndpointAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.AspNetCore;

public sealed class CleartextEndpointAnalyzerTests
{
    [Fact]
    public async Task Cleartext_endpoints_to_remote_hosts_are_reported()
    {
        var source = """
            using System;
            using System.Net.Http;
            using System.Net.WebSockets;
            using System.Threading;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            class C
            {
                const string Payments = "http://payments.contoso.com/api/";

                async void M(HttpClient client, ClientWebSocket socket, IWebHostBuilder host)
                {
                    client.BaseAddress = {|#0:new Uri(Payments)|};
                    await client.GetStringAsync([|"http://user:pw@inventory.contoso.com/items"|]);
                    await socket.ConnectAsync([|new Uri("ws://feed.contoso.com/live")|], CancellationToken.None);
                    host.UseUrls([|"http://shop.contoso.com:80"|]);
                }
            }
            """;
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2049").WithLocation(0).WithArguments("http://payments.contoso.com", "https"));
    }

    [Fact]
    public async Task Https_loopback_and_wildcard_listen_addresses_are_not_reported()
    {
        var source = """
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Hosting;

            class C
            {
                async void M(HttpClient client, IWebHostBuilder host)
                {
                    client.BaseAddress = new Uri("https://payments.contoso.com/");
                    await client.GetStringAsync("http://localhost:5000/health");
                    await client.GetStringAsync("http://127.0.0.1:8080/");
                    host.UseUrls("http://+:8080", "http://0.0.0.0:5000");
                    var ns = "http://schemas.xmlsoap.org/soap/envelope/";
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Theory]
    [InlineData("http://a.contoso.com", false, "http://a.contoso.com")]
    [InlineData("http://u:secret@a.contoso.com/x", false, "http://a.contoso.com")]
    [InlineData("http://[::1]:80", false, null)]
    [InlineData("http://*:80", true, null)]
    [InlineData("http://*:80", false, "http://*:80")]
    [InlineData("https://a; http://b.contoso.com", false, "http://b.contoso.com")]
    [InlineData("http://", false, null)]
    public void Cleartext_address_parser_never_shows_credentials(string address, bool listening, string? shown) =>
        Assert.Equal(shown, CleartextEndpointAnalyzer.Cleartext(address, listening)?.Shown);

    [Fact]
    public async Task Authentication_authorities_and_uri_builders_over_http_are_reported()
    {
        var source = """
            using System;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;
            using Microsoft.Extensions.DependencyInjection;

            class Startup
            {
                const string Identity = "http://login.contoso.com";

                void ConfigureServices(IServiceCollection services)
                {
                    services.AddAuthentication()
                        .AddJwtBearer(o => o.Authority = [|Identity|])
                        .AddOpenIdConnect(o => o.MetadataAddress = [|"http://login.contoso.com/.well-known/openid-configuration"|]);
                    var api = [|new UriBuilder(Uri.UriSchemeHttp, "api.contoso.com")|].Uri;
                    var feed = [|new UriBuilder { Scheme = "ws", Host = "feed.contoso.com" }|].Uri;
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Fact]
    public async Task Https_authorities_loopback_and_documentation_hosts_are_not_reported()
    {
        var source = """
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.DependencyInjection;

            class Startup
            {
                void ConfigureServices(IServiceCollection services, string host)
                {
                    services.AddAuthentication().AddJwtBearer(o => o.Authority = "https://login.contoso.com");
                    var local = new UriBuilder(Uri.UriSchemeHttp, "127.0.0.1", 5000).Uri;
                    var configured = new UriBuilder(Uri.UriSchemeHttp, host).Uri;
                    var secure = new UriBuilder(Uri.UriSchemeHttps, "api.contoso.com").Uri;
                    var docs = new HttpClient { BaseAddress = new Uri("http://api.example.com/") };
                    var test = new HttpClient { BaseAddress = new Uri("http://service.test/") };
                    var rfc5737 = new HttpClient { BaseAddress = new Uri("http://192.0.2.10/") };
                }
            }
            """;
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }
}
