using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Integrity.NoOp;

namespace PipelineSecurity.Build.Policy.Advisories;

/// <summary>
/// One text that changes whenever anything in the advisory database folder does: a record added, removed, renamed or
/// edited (even with its modification time put back: the digest is a <see cref="TreeStamp"/> of every entry's change
/// stamp). The folder's last listing, kept in <c>ListingFile</c> with the digest it gave, lets an unchanged folder be
/// stamped with one stat per entry and no folder listed. Where that cannot stand for the contents (a link inside the
/// folder or as the folder, an entry changed within the settle margin, a folder over
/// <see cref="InputLimits.AdvisoryMaxFiles"/>), the text is new on every build, so the gate runs every time. Without
/// change stamps (Windows) it is a digest of every entry's path, size and modification time.
/// </summary>
internal static class AdvisoryDatabaseStamp
{
    private const string Format = "PipelineSecurity.AdvisoryListing/1";

    public static string Take(string folder, string? listingFile, DateTime nowUtc)
    {
        var limit = InputLimits.Current.AdvisoryMaxFiles;
        if (!string.IsNullOrWhiteSpace(listingFile) && Read(listingFile!, folder) is { } last
            && TreeStamp.Replay(folder, last.Entries, limit) is { } replayed && replayed.Digest == last.Digest && replayed.Links == 0)
        {
            return "tree:" + replayed.Digest;
        }

        if (!Integrity.PackageCache.FileChangeStamp.Supported)
        {
            return NamesAndTimes(folder, limit, nowUtc);
        }

        var entries = new List<string>();
        var walked = FileSystemEntry.Of(folder) == FileSystemEntryType.Directory ? TreeStamp.Of(folder, entries, limit) : null;
        if (walked is not { Links: 0 } stamp || !stamp.SettledBefore(nowUtc))
        {
            return "changing:" + nowUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (!string.IsNullOrWhiteSpace(listingFile))
        {
            Save(listingFile!, folder, stamp.Digest, entries);
        }

        return "tree:" + stamp.Digest;
    }

    /// <summary>
    /// Where there are no change stamps (Windows): every entry's path, size and modification time, as MSBuild's own
    /// up-to-date check would compare them. An edit that puts the time back goes unseen there, as it did before.
    /// </summary>
    internal static string NamesAndTimes(string folder, long limit, DateTime nowUtc)
    {
        var changing = "changing:" + nowUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var settled = nowUtc - Integrity.PackageCache.FileChangeStamp.SettleMargin;
        List<FileSystemInfo> entries;
        try
        {
            // The walk the advisory check makes: a link to a folder, too many entries or a folder that cannot be listed
            // is its error on every run.
            entries = OsvFolderListing.Entries(folder, limit);
        }
        catch (OsvDatabaseException)
        {
            return changing;
        }

        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            if ((entry.Attributes & FileAttributes.ReparsePoint) != 0 || entry.LastWriteTimeUtc >= settled)
            {
                return changing;
            }

            text.Append(entry.FullName, folder.Length, entry.FullName.Length - folder.Length).Append('|')
                .Append(entry is FileInfo file ? file.Length : -1).Append('|').Append(entry.LastWriteTimeUtc.Ticks).Append('\n');
        }

        using var sha = System.Security.Cryptography.SHA256.Create();
        return "times:" + Hex.Lower(sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static (string Digest, string[] Entries)? Read(string listingFile, string folder) =>
        WorkCache.TryReadText(listingFile) is { } text && ListingText.Read(text, Format, headerLines: 2) is { } listing && listing.Header[0] == folder
            ? (listing.Header[1], listing.Entries)
            : null;

    private static void Save(string listingFile, string folder, string digest, List<string> entries)
    {
        // A name a line cannot hold leaves no listing: the next build walks.
        if (ListingText.Write(Format, new[] { folder, digest }, entries) is { } text)
        {
            WorkCache.TryWrite(listingFile, text);
        }
    }
}
