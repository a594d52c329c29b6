namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>
/// Values that have a secret's format but are published by their vendor for everyone to use, so finding them is noise.
/// The list holds a 64-bit FNV-1a hash of each value (over its UTF-16 code units) rather than the value, so that this
/// file is not itself a "secret" to other scanners; each entry names its source and the value's first characters.
/// Add an entry only for a value printed in the vendor's own documentation as fixed and public.
/// </summary>
internal static class KnownPublicValues
{
    private static readonly ulong[] Hashes =
    {
        // Azure Storage emulator / Azurite account key of "devstoreaccount1" ("Eby8vdM0…", 88 characters):
        // https://learn.microsoft.com/azure/storage/common/storage-use-azurite#http-connection-strings
        0x3F9D1C996E620B67,

        // Azure Cosmos DB emulator key ("C2y6yDjf…", 88 characters):
        // https://learn.microsoft.com/azure/cosmos-db/emulator#authentication
        0x9F1920C6CD484714,

        // The HS256 sample token shown on https://jwt.io ("eyJhbGci…", payload "John Doe", 155 characters).
        0x15F87945422CBEA3,
    };

    public static bool Contains(string text, int start, int length)
    {
        if (length is not (88 or 155))
        {
            return false;
        }

        var hash = 0xcbf29ce484222325UL;
        for (var i = start; i < start + length; i++)
        {
            hash ^= text[i];
            hash *= 0x100000001b3UL;
        }

        foreach (var known in Hashes)
        {
            if (known == hash)
            {
                return true;
            }
        }

        return false;
    }
}
