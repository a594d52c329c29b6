using System;
using System.Collections.Generic;
using System.IO;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Integrity.NoOp;

/// <summary>
/// Each package folder's entries as its last walk listed them (<see cref="TreeStamp.Of"/>), kept in the verdict store, so
/// that a no-op build can take the folder's stamp with one stat per entry (<see cref="TreeStamp.Replay"/>) instead of
/// listing its directories again: opening, reading and closing each directory was half of a walk's cost (1,700
/// directories for 152 package folders). A listing is only a hint of which names to look at: a replay counts only when it
/// matches the digest the project's snapshot recorded from a walk, so a missing, stale, damaged or forged listing costs
/// a walk and never hides a change. "none" as the store, or an unwritable one, means no listings.
/// </summary>
internal sealed class PackageFolderListings
{
    private const string Format = "PipelineSecurity.PackageFolderListing/1";

    private readonly string? folder;

    // A store that cannot be written (read-only packages folder, a file in its way) is not tried again by this instance.
    private bool writable = true;

    public PackageFolderListings(string? storeFolder)
    {
        folder = string.IsNullOrWhiteSpace(storeFolder) ? null : storeFolder;
    }

    /// <summary>The listing last saved for <paramref name="packageFolder"/>, or null when there is none that is whole.</summary>
    public IReadOnlyList<string>? Read(string packageFolder)
    {
        if (folder is null || WorkCache.TryReadText(PathOf(packageFolder)) is not { } text
            || ListingText.Read(text, Format, headerLines: 1) is not { } listing || listing.Header[0] != Normalized(packageFolder))
        {
            return null;
        }

        return listing.Entries;
    }

    /// <summary>Saves <paramref name="entries"/> as the folder's listing; a name that a line cannot hold, or a store that cannot be written, leaves none.</summary>
    public void Save(string packageFolder, IReadOnlyList<string> entries)
    {
        if (folder is null || !writable || ListingText.Write(Format, new[] { Normalized(packageFolder) }, entries) is not { } text)
        {
            return;
        }

        writable = WorkCache.TryWrite(PathOf(packageFolder), text);
    }

    private static string Normalized(string packageFolder) =>
        packageFolder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);

    /// <summary>&lt;last two folder names&gt;.&lt;hash of the full path&gt;.listing: readable, and distinct for each packages folder.</summary>
    private string PathOf(string packageFolder)
    {
        var normalized = Normalized(packageFolder);
        var label = Path.GetFileName(Path.GetDirectoryName(normalized) ?? "") + "." + Path.GetFileName(normalized);
        return Path.Combine(folder!, VerdictCache.StoreFileName(label, normalized, ".listing"));
    }
}
