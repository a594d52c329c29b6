using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Integrity.PackageCache;

namespace PipelineSecurity.Build.Integrity;

/// <summary>
/// What was learnt from one exact .nupkg (keyed by the SHA-512 of its bytes and the settings): the signature findings,
/// its content hash and the digests of its files. A warm build re-hashes the .nupkg and the extracted files but repeats
/// neither the signature verification nor the decompression.
/// </summary>
public sealed record PackageVerdict(
    string Key,
    DateTime VerifiedUtc,
    IReadOnlyList<IntegrityFinding> SignatureFindings,
    string? ContentHash,
    IReadOnlyDictionary<string, FileDigest> Entries);

/// <summary>
/// The verdicts of one project, in one JSON file. A missing, corrupt or foreign file is treated as empty: the cache can only
/// save work, never change a result. Entries expire after <see cref="MaximumAge"/> so that certificate expiry and revocation
/// are seen again.
/// </summary>
public sealed class VerdictCache
{
    public static readonly TimeSpan MaximumAge = TimeSpan.FromHours(24);

    private const int FormatVersion = 1;
    private readonly string? path;
    private readonly Dictionary<string, PackageVerdict> loaded;
    private readonly ConcurrentDictionary<string, PackageVerdict> used = new(StringComparer.Ordinal);

    private VerdictCache(string? path, Dictionary<string, PackageVerdict> loaded)
    {
        this.path = path;
        this.loaded = loaded;
    }

    public int Hits { get; private set; }

    public static VerdictCache Open(string? path)
    {
        var loaded = new Dictionary<string, PackageVerdict>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(path) && File.Exists(path))
        {
            try
            {
                // A FIFO, a device or an oversized store is refused like a corrupt one: it only costs time.
                Read(InputFile.ReadAllBytes(path!, InputKind.VerdictStore), loaded);
            }
            catch (Exception failure) when (failure is InputRefusedException or JsonException or IOException or UnauthorizedAccessException or InvalidOperationException or FormatException or KeyNotFoundException)
            {
                loaded.Clear();
            }
        }

        return new VerdictCache(path, loaded);
    }

    public bool TryGet(string key, DateTime nowUtc, out PackageVerdict verdict)
    {
        lock (loaded)
        {
            if (loaded.TryGetValue(key, out verdict!) && nowUtc - verdict.VerifiedUtc < MaximumAge && verdict.VerifiedUtc <= nowUtc)
            {
                used[key] = verdict;
                Hits++;
                return true;
            }
        }

        return false;
    }

    public void Add(PackageVerdict verdict) => used[verdict.Key] = verdict;

    /// <summary>
    /// Writes the verdicts used by this build plus the unexpired ones it loaded (the inner builds of a multi-targeted project
    /// share the file); expired verdicts are dropped, so the file does not grow without end. The write is atomic, so
    /// concurrent builds at worst lose each other's new verdicts, never corrupt the file.
    /// </summary>
    public void Save(DateTime nowUtc)
    {
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        lock (loaded)
        {
            foreach (var verdict in loaded.Values)
            {
                if (nowUtc - verdict.VerifiedUtc < MaximumAge && verdict.VerifiedUtc <= nowUtc)
                {
                    used.TryAdd(verdict.Key, verdict);
                }
            }
        }

        try
        {
            OutputFile.WriteIfChanged(path!, Serialize());
        }
        catch (BuildDiagnosticException)
        {
            // A verdict cache that cannot be written (read-only obj/, a concurrent build replacing the same file) only
            // costs the next build time; it must not fail this one.
        }
    }

    private byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", FormatVersion);
            writer.WriteStartArray("verdicts");
            foreach (var verdict in SortedUsed())
            {
                writer.WriteStartObject();
                writer.WriteString("key", verdict.Key);
                writer.WriteString("verifiedUtc", verdict.VerifiedUtc.ToString("O"));
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
                writer.WriteStartObject("files");
                foreach (var entry in verdict.Entries)
                {
                    writer.WriteStartArray(entry.Key);
                    writer.WriteNumberValue(entry.Value.Length);
                    writer.WriteStringValue(entry.Value.Sha256);
                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private IEnumerable<PackageVerdict> SortedUsed()
    {
        var keys = new List<string>(used.Keys);
        keys.Sort(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            yield return used[key];
        }
    }

    private static void Read(byte[] content, Dictionary<string, PackageVerdict> into)
    {
        using var document = JsonDocument.Parse(content);
        var root = document.RootElement;
        if (root.GetProperty("version").GetInt32() != FormatVersion)
        {
            return;
        }

        foreach (var item in root.GetProperty("verdicts").EnumerateArray())
        {
            var findings = new List<IntegrityFinding>();
            foreach (var finding in item.GetProperty("signature").EnumerateArray())
            {
                findings.Add(new IntegrityFinding(
                    finding.GetProperty("code").GetString()!,
                    finding.GetProperty("error").GetBoolean(),
                    finding.GetProperty("message").GetString()!,
                    File: null));
            }

            var entries = new Dictionary<string, FileDigest>(StringComparer.Ordinal);
            foreach (var file in item.GetProperty("files").EnumerateObject())
            {
                entries[file.Name] = new FileDigest(file.Value[0].GetInt64(), file.Value[1].GetString()!);
            }

            var key = item.GetProperty("key").GetString()!;
            into[key] = new PackageVerdict(
                key,
                DateTime.Parse(item.GetProperty("verifiedUtc").GetString()!, null, System.Globalization.DateTimeStyles.RoundtripKind),
                findings,
                item.TryGetProperty("contentHash", out var hash) ? hash.GetString() : null,
                entries);
        }
    }
}
