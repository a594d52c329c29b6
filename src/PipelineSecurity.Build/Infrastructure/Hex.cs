using System.Collections.Generic;

namespace PipelineSecurity.Build.Infrastructure;

/// <summary>
/// Lower-case hexadecimal, as CycloneDX and SPDX write hashes, and as the work caches write their keys and values: a plain
/// loop, where Base64 and Guid formatting would compile vectorized framework code on a node's first no-op build.
/// </summary>
internal static class Hex
{
    public static string Lower(IReadOnlyList<byte> bytes)
    {
        var chars = new char[bytes.Count * 2];
        for (var i = 0; i < bytes.Count; i++)
        {
            chars[2 * i] = Digit(bytes[i] >> 4);
            chars[2 * i + 1] = Digit(bytes[i] & 0xF);
        }

        return new string(chars);
    }

    /// <summary>The bytes of <paramref name="text"/>, written by <see cref="Lower"/>; null when it is not such text.</summary>
    public static byte[]? ParseLower(string text)
    {
        if (text.Length % 2 != 0)
        {
            return null;
        }

        var bytes = new byte[text.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            var high = Value(text[2 * i]);
            var low = Value(text[2 * i + 1]);
            if (high < 0 || low < 0)
            {
                return null;
            }

            bytes[i] = (byte)((high << 4) | low);
        }

        return bytes;
    }

    private static int Value(char digit) => digit is >= '0' and <= '9' ? digit - '0' : digit is >= 'a' and <= 'f' ? digit - 'a' + 10 : -1;

    private static char Digit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);
}
