using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace PipelineSecurity.Build.Integrity.Signatures;

/// <summary>
/// Online revocation checking has no timeout in NuGet: where the network silently drops traffic, each certificate chain
/// waits about a minute. Before verifying online, this probe tries to open a TCP connection to the revocation servers
/// (OCSP and CRL addresses) named by a signing certificate, with a short timeout; when none answers, the build checks
/// revocation offline and says so once, instead of hanging.
/// </summary>
internal static class RevocationServerProbe
{
    private const string AuthorityInformationAccessOid = "1.3.6.1.5.5.7.1.1";
    private const string CrlDistributionPointsOid = "2.5.29.31";
    private static readonly Regex Url = new(@"https?://[^\s,;""<>]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

    /// <summary>The OCSP and CRL URLs a certificate names.</summary>
    public static IReadOnlyList<Uri> RevocationUrls(X509Certificate2 certificate)
    {
        var urls = new List<Uri>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value is AuthorityInformationAccessOid or CrlDistributionPointsOid)
            {
                foreach (Match match in Url.Matches(extension.Format(multiLine: false)))
                {
                    if (Uri.TryCreate(match.Value, UriKind.Absolute, out var url))
                    {
                        urls.Add(url);
                    }
                }
            }
        }

        return urls;
    }

    /// <summary>Whether any of the servers accepts a TCP connection within <paramref name="timeout"/> (all tried at once).</summary>
    public static bool AnyReachable(IEnumerable<Uri> urls, TimeSpan timeout)
    {
        var endpoints = urls.Select(u => (u.Host, u.Port)).Distinct().Take(8).ToArray();
        if (endpoints.Length == 0)
        {
            return true;
        }

        var attempts = endpoints.Select(endpoint => TryConnect(endpoint.Host, endpoint.Port, timeout)).ToArray();
        return Task.WhenAll(attempts).GetAwaiter().GetResult().Any(reachable => reachable);
    }

    private static async Task<bool> TryConnect(string host, int port, TimeSpan timeout)
    {
        using var client = new TcpClient();
        try
        {
            var connect = client.ConnectAsync(host, port);
            var finished = await Task.WhenAny(connect, Task.Delay(timeout)).ConfigureAwait(false);
            if (finished != connect)
            {
                _ = connect.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                return false;
            }

            await connect.ConfigureAwait(false);
            return client.Connected;
        }
        catch (Exception failure) when (failure is SocketException or ObjectDisposedException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }
}
