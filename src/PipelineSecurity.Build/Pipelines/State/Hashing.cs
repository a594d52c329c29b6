using System.Security.Cryptography;
using System.Text;

namespace PipelineSecurity.Build.Pipelines.State;

internal static class Hashing
{
    public static string Short(string text) => Hex(Sha256(Encoding.UTF8.GetBytes(text))).Substring(0, 16);

    public static byte[] Sha256(byte[] data)
    {
        using var sha = SHA256.Create();
        return sha.ComputeHash(data);
    }

    public static string Hex(byte[] bytes) => Infrastructure.Hex.Lower(bytes);
}
