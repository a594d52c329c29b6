using System;
using System.Collections.Generic;
using System.Text;

namespace PipelineSecurity.Build.Integrity.NoOp;

/// <summary>
/// The text a folder's listing is kept in between builds (<see cref="PackageFolderListings"/>, the advisory database's
/// stamp): a format line, the owner's header lines (the folder listed, and what else it keeps with it), one entry per
/// line and "end". A file cut short, damaged or of another format reads as no listing.
/// </summary>
internal static class ListingText
{
    private const string End = "end";

    /// <summary>The text, or null when an entry cannot be a line of it (then no listing is kept: the next build walks).</summary>
    public static string? Write(string format, IReadOnlyList<string> header, IEnumerable<string> entries)
    {
        var text = new StringBuilder();
        text.Append(format).Append('\n');
        foreach (var line in header)
        {
            text.Append(line).Append('\n');
        }

        foreach (var entry in entries)
        {
            if (entry.IndexOf('\n') >= 0 || entry.IndexOf('\r') >= 0 || entry == End)
            {
                return null;
            }

            text.Append(entry).Append('\n');
        }

        return text.Append(End).Append('\n').ToString();
    }

    /// <summary>The <paramref name="headerLines"/> header lines and the entries of <paramref name="text"/>, or null when it is not a whole listing of <paramref name="format"/>.</summary>
    public static (string[] Header, string[] Entries)? Read(string text, string format, int headerLines)
    {
        // Format, the header, the entries, "end", and the empty rest after the last newline.
        var lines = text.Split('\n');
        if (lines.Length < headerLines + 3 || lines[0] != format || lines[lines.Length - 2] != End || lines[lines.Length - 1].Length != 0)
        {
            return null;
        }

        var header = new string[headerLines];
        Array.Copy(lines, 1, header, 0, headerLines);
        var entries = new string[lines.Length - headerLines - 3];
        Array.Copy(lines, 1 + headerLines, entries, 0, entries.Length);
        return (header, entries);
    }
}
