using System.Collections.Generic;

namespace PipelineSecurity.Build.Infrastructure;

/// <summary>Lower-case hexadecimal, as CycloneDX and SPDX write hashes.</summary>
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

    private static char Digit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);
}
