using System;
using System.Text;

namespace PipelineSecurity.Analyzers.Tests.Infrastructure;

/// <summary>
/// Secret-shaped test data, assembled at run time so that secret scanners pointed at this repository stay quiet.
/// The key material is pseudo-random bytes from a fixed seed: deterministic, and not a key of anyone's.
/// </summary>
internal static class FakeSecrets
{
    public const string Dashes = "-----";

    public static string KeyBody(int bytes = 600, int seed = 7)
    {
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        var base64 = Convert.ToBase64String(data);
        var lines = new StringBuilder();
        for (var i = 0; i < base64.Length; i += 64)
        {
            lines.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }

        return lines.ToString();
    }

    public static string Begin(string label) => Dashes + "BEGIN " + label + Dashes;

    public static string End(string label) => Dashes + "END " + label + Dashes;

    public static string PemBlock(string label, int bytes = 600) => Begin(label) + "\n" + KeyBody(bytes) + End(label);

    /// <summary>A PEM block as a C# regular string literal's contents, line breaks written as \n escapes.</summary>
    public static string PemAsEscapedLiteral(string label) => PemBlock(label).Replace("\n", "\\n");
}
