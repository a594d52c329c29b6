using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Integrity.PackageCache;

namespace PipelineSecurity.Build.Integrity;

/// <summary>
/// What was learnt from one package folder when it was last fully verified: the .nupkg's SHA-512 (and the stamp of the
/// .nupkg it was computed from), the signature findings and content hash under <see cref="Settings"/>, the digests of the
/// files inside the .nupkg, and the stamps of the extracted files whose bytes were found equal to those digests.
/// </summary>
internal sealed record PackageVerdict(
    string PackageFolder,
    string Settings,
    DateTime VerifiedUtc,
    string NupkgSha512,
    FileChangeStamp? NupkgStamp,
    IReadOnlyList<IntegrityFinding> SignatureFindings,
    string? ContentHash,
    IReadOnlyDictionary<string, FileDigest> Entries,
    IReadOnlyDictionary<string, FileChangeStamp> VerifiedFiles);

/// <summary>
/// The verdict store: one small JSON record per package folder, in one folder per packages folder (by default
/// <c>&lt;NuGetPackageRoot&gt;/.pipeline-security/verdicts/</c>), shared by every project and every build on the machine.
/// Records are written whole to a temporary file and renamed over the old one, so concurrent builds (<c>-m</c>, several
/// processes) never see a half-written record; at worst one build's record replaces another's, each valid. No lock is
/// taken, so nothing ever waits. A record that is missing, too large, not a regular file, corrupt, of another format or
/// for another folder is ignored (the package is verified in full); a store that cannot be written is left alone. The
/// store only saves work: a record can make the check skip hashing a file only when the file system shows the file
/// untouched since it was hashed (see <see cref="FileChangeStamp"/>).
/// </summary>
internal sealed class VerdictCache
{
    /// <summary>A verdict older than this is re-verified in full, so certificate expiry and revocation are seen again.</summary>
    public static readonly TimeSpan MaximumAge = TimeSpan.FromHours(24);

    /// <summary>Records larger than this are not read (a record of a large package is a few hundred kilobytes).</summary>
    public const long MaximumRecordBytes = 16 * 1024 * 1024;

    private const string Format = "PipelineSecurity.IntegrityVerdict/2";
    private readonly string? folder;
    private volatile bool writable = true;

    private VerdictCache(string? folder) => this.folder = folder;

    /// <summary>A store in <paramref name="folder"/>; null or empty: no store (everything is verified every time).</summary>
    public static VerdictCache Open(string? folder) =>
        new(string.IsNullOrWhiteSpace(folder) ? null : Path.GetFullPath(folder));

    public bool Enabled => folder is not null;

    /// <summary>The stored verdict of <paramref name="package"/>'s folder, or null when there is none that can be used.</summary>
    public PackageVerdict? Load(RestoredPackage package)
    {
        if (folder is null || string.IsNullOrEmpty(package.Folder))
        {
            return null;
        }

        var path = RecordPath(package);
        try
        {
            var stamp = FileChangeStamp.TryGet(path);
            if (FileChangeStamp.Supported && stamp is not { IsRegularFile: true })
            {
                // Missing, or a FIFO, device or link planted in its place: never opened (opening a FIFO would block).
                return null;
            }

            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaximumRecordBytes)
            {
                return null;
            }

            var verdict = Read(InputFile.ReadAllBytes(path, InputKind.VerdictStore));
            return verdict is not null && string.Equals(verdict.PackageFolder, NormalizedFolder(package), StringComparison.Ordinal) ? verdict : null;
        }
        catch (Exception failure) when (failure is InputRefusedException or JsonException or IOException or UnauthorizedAccessException or InvalidOperationException
                                           or FormatException or KeyNotFoundException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="verdict"/> as its folder's record; a store that cannot be written is given up for this build.</summary>
    public void Save(RestoredPackage package, PackageVerdict verdict)
    {
        if (folder is null || !writable || string.IsNullOrEmpty(package.Folder))
        {
            return;
        }

        var path = RecordPath(package);
        var temporary = path + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp";
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(temporary, Serialize(verdict));
            try
            {
                File.Replace(temporary, path, destinationBackupFileName: null);
            }
            catch (FileNotFoundException)
            {
                File.Move(temporary, path);
            }
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // Read-only packages folder, a file where the store folder should be, a full disk, a concurrent build's rename:
            // this build keeps its results in memory only. Stop trying, so an unwritable store costs nothing more.
            if (failure is not IOException || !File.Exists(path))
            {
                writable = false;
            }
        }
        finally
        {
            try
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
                // Left for the next write to the same folder to ignore.
            }
        }
    }

    public static string NormalizedFolder(RestoredPackage package) =>
        Path.GetFullPath(package.Folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);

    /// <summary>&lt;id&gt;.&lt;version&gt;.&lt;hash of the folder path&gt;.json: readable, and distinct for each packages folder.</summary>
    private string RecordPath(RestoredPackage package) =>
        Path.Combine(folder!, StoreFileName(package.Id + "." + package.VersionText, NormalizedFolder(package), ".json"));

    /// <summary>
    /// The name of a file the store keeps for one package folder: <paramref name="label"/> (lower case, other characters
    /// than letters, digits, '.', '-' and '_' as '_'), '.', the first 6 bytes of the SHA-256 of <paramref name="normalizedFolder"/>
    /// in hex, and <paramref name="extension"/>.
    /// </summary>
    internal static string StoreFileName(string label, string normalizedFolder, string extension)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(normalizedFolder));
        var name = new StringBuilder();
        foreach (var c in label.ToLowerInvariant())
        {
            name.Append(char.IsLetterOrDigit(c) || c == '.' || c == '-' || c == '_' ? c : '_');
        }

        name.Append('.');
        for (var i = 0; i < 6; i++)
        {
            name.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        return name.Append(extension).ToString();
    }

    public static byte[] Serialize(PackageVerdict verdict)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteString("package", verdict.PackageFolder);
            writer.WriteString("settings", verdict.Settings);
            writer.WriteString("verifiedUtc", verdict.VerifiedUtc.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("nupkgSha512", verdict.NupkgSha512);
            if (verdict.NupkgStamp is { } nupkgStamp)
            {
                writer.WriteString("nupkgStamp", nupkgStamp.ToString());
            }

            if (verdict.ContentHash is not null)
            {
                writer.WriteString("contentHash", verdict.ContentHash);
            }

            writer.WriteStartArray("signature");
            foreach (var finding in verdict.SignatureFindings)
            {
                writer.WriteStartObject();
                writer.WriteString("code", finding.Code);
                writer.WriteBoolean("error", finding.IsError);
                writer.WriteString("message", finding.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("entries");
            foreach (var entry in verdict.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                writer.WriteStartArray(entry.Key);
                writer.WriteNumberValue(entry.Value.Length);
                writer.WriteStringValue(entry.Value.Sha256);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteStartObject("verifiedFiles");
            foreach (var file in verdict.VerifiedFiles.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                writer.WriteString(file.Key, file.Value.ToString());
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static PackageVerdict? Read(byte[] content)
    {
        using var document = JsonDocument.Parse(content);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
            || format.GetString() != Format)
        {
            return null;
        }

        var findings = new List<IntegrityFinding>();
        foreach (var finding in root.GetProperty("signature").EnumerateArray())
        {
            findings.Add(new IntegrityFinding(
                finding.GetProperty("code").GetString()!,
                finding.GetProperty("error").GetBoolean(),
                finding.GetProperty("message").GetString()!,
                File: null));
        }

        var entries = new Dictionary<string, FileDigest>(StringComparer.Ordinal);
        foreach (var file in root.GetProperty("entries").EnumerateObject())
        {
            entries[file.Name] = new FileDigest(file.Value[0].GetInt64(), file.Value[1].GetString()!);
        }

        var verified = new Dictionary<string, FileChangeStamp>(StringComparer.Ordinal);
        foreach (var file in root.GetProperty("verifiedFiles").EnumerateObject())
        {
            if (FileChangeStamp.Parse(file.Value.GetString()) is { } stamp)
            {
                verified[file.Name] = stamp;
            }
        }

        return new PackageVerdict(
            root.GetProperty("package").GetString()!,
            root.GetProperty("settings").GetString()!,
            DateTime.Parse(root.GetProperty("verifiedUtc").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            root.GetProperty("nupkgSha512").GetString()!,
            root.TryGetProperty("nupkgStamp", out var nupkgStamp) ? FileChangeStamp.Parse(nupkgStamp.GetString()) : null,
            findings,
            root.TryGetProperty("contentHash", out var hash) ? hash.GetString() : null,
            entries,
            verified);
    }
}
