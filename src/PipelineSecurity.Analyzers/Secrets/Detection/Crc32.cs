namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as used by GitHub and npm token checksums.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = CreateTable();

    public static uint Compute(string text, int start, int length)
    {
        var crc = 0xFFFFFFFFu;
        for (var i = start; i < start + length; i++)
        {
            crc = (crc >> 8) ^ Table[(crc ^ text[i]) & 0xFF];
        }

        return ~crc;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
