using System.Security.Cryptography;
using System.Text;

namespace ContosoShop.Legacy;

/// <summary>
/// Deliberately insecure code, kept so that the sample build shows the configuration rules (PSF2xxx) at work.
/// Every finding here is one a real code base could contain; none of it is called by the sample's endpoints.
/// </summary>
public static class LegacyIntegrations
{
    /// <summary>PSF2001: the handler accepts any server certificate, through a local callback.</summary>
    public static HttpClient CreateWarehouseClient()
    {
        var handler = new HttpClientHandler();
        Func<HttpRequestMessage, System.Security.Cryptography.X509Certificates.X509Certificate2?, System.Security.Cryptography.X509Certificates.X509Chain?, System.Net.Security.SslPolicyErrors, bool> acceptAll =
            (message, certificate, chain, errors) => true;
        handler.ServerCertificateCustomValidationCallback = acceptAll;
        return new HttpClient(handler) { BaseAddress = new Uri("https://warehouse.contoso.com/") };
    }

    /// <summary>PSF2010: MD5 used to hash passwords.</summary>
    public static string HashPassword(string password)
    {
        var digest = MD5.HashData(Encoding.UTF8.GetBytes(password));
        return Convert.ToHexString(digest);
    }

    /// <summary>Not reported: MD5 as a cache key is not a security use.</summary>
    public static string CacheKey(string url) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(url)));
}
