using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using PipelineSecurity.Build.Integrity;
using PipelineSecurity.Build.Integrity.Signatures;
using Xunit;

namespace PipelineSecurity.Build.Tests.Integrity;

public sealed class RevocationServerProbeTests
{
    [Fact]
    public async System.Threading.Tasks.Task A_real_signing_certificate_names_its_revocation_servers()
    {
        var package = RealPackages.Locate(RealPackages.GlobalPackagesFolder, RealPackages.AuthorSignedId, RealPackages.AuthorSignedVersion);
        using var reader = new NuGet.Packaging.PackageArchiveReader(package.NupkgPath);
        var certificate = (await reader.GetPrimarySignatureAsync(default))!.SignerInfo.Certificate!;

        var urls = RevocationServerProbe.RevocationUrls(certificate);

        Assert.NotEmpty(urls);
        Assert.All(urls, url => Assert.StartsWith("http", url.Scheme));
    }

    [Fact]
    public void A_listening_server_is_reachable_and_a_closed_port_is_not()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = ((IPEndPoint)listener.LocalEndpoint).Port;
        var closedListener = new TcpListener(IPAddress.Loopback, 0);
        closedListener.Start();
        var closed = ((IPEndPoint)closedListener.LocalEndpoint).Port;
        closedListener.Stop();
        try
        {
            Assert.True(RevocationServerProbe.AnyReachable(new[] { new Uri($"http://127.0.0.1:{closed}/ocsp"), new Uri($"http://127.0.0.1:{open}/crl") }, TimeSpan.FromSeconds(3)));
            Assert.False(RevocationServerProbe.AnyReachable(new[] { new Uri($"http://127.0.0.1:{closed}/ocsp") }, TimeSpan.FromSeconds(3)));
        }
        finally
        {
            listener.Stop();
        }
    }
}
