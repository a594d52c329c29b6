using System;
using System.Text;

namespace PipelineSecurity.Build.Tests.Pipelines;

/// <summary>Credential-shaped test values assembled at run time (never a complete token in the repository).</summary>
internal static class FakeCredentials
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A GitHub classic token: "ghp_" + 30 base62 + the base62 CRC-32 of those 30, as the detector verifies.</summary>
    public static string GitHubToken(int seed = 17)
    {
        var random = new Random(seed);
        var body = new StringBuilder();
        for (var i = 0; i < 30; i++)
        {
            body.Append(Base62[random.Next(Base62.Length)]);
        }

        var crc = 0xFFFFFFFFu;
        foreach (var c in body.ToString())
        {
            crc ^= c;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        crc = ~crc;
        var suffix = new char[6];
        for (var i = 5; i >= 0; i--)
        {
            suffix[i] = Base62[(int)(crc % 62)];
            crc /= 62;
        }

        return "gh" + "p_" + body + new string(suffix);
    }

    /// <summary>88 characters of base64, the shape of an Azure Storage account key.</summary>
    public static string StorageAccountKey(int seed = 23)
    {
        var random = new Random(seed);
        var bytes = new byte[64];
        random.NextBytes(bytes);
        return Convert.ToBase64String(bytes);
    }
}
