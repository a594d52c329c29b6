using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using NuGet.Frameworks;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Integrity.LockFiles;

/// <summary>One package pinned by packages.lock.json for one target.</summary>
internal sealed record LockedPackage(string Id, string Type, string? Requested, string? Resolved, string? ContentHash, int Line);

/// <summary>One target (framework, optionally with a runtime) of packages.lock.json.</summary>
internal sealed record LockedTarget(string Name, NuGetFramework Framework, string? RuntimeIdentifier, IReadOnlyList<LockedPackage> Packages);

/// <summary>
/// Reads packages.lock.json (format versions 1 and 2) strictly: anything malformed is a coded error with the file, never an
/// exception. Each package keeps its line so findings point into the file.
/// </summary>
internal static class PackagesLockFileReader
{
    public static IReadOnlyList<LockedTarget> Read(string path)
    {
        byte[] content;
        try
        {
            // Over PipelineSecurityLockFileMaxBytes, not a regular file, or too slow: InputRefusedException (PSF0010-PSF0013).
            content = InputFile.ReadAllBytes(path, InputKind.LockFile);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw Malformed(path, failure.Message, failure);
        }

        try
        {
            return Parse(content, path);
        }
        catch (Exception failure) when (failure is JsonException or InvalidOperationException or FormatException or ArgumentException or KeyNotFoundException)
        {
            throw Malformed(path, failure.Message, failure);
        }
    }

    private static IReadOnlyList<LockedTarget> Parse(byte[] content, string path)
    {
        var lines = new LineIndex(content);
        using var document = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 16 });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number)
        {
            throw Malformed(path, "it has no numeric 'version'");
        }

        if (version.GetInt32() is < 1 or > 2)
        {
            throw Malformed(path, $"its version {version.GetInt32()} is not one this tool knows (1 or 2)");
        }

        if (!root.TryGetProperty("dependencies", out var dependencies) || dependencies.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(path, "it has no 'dependencies' object");
        }

        var targets = new List<LockedTarget>();
        var searchFrom = 0;
        foreach (var target in dependencies.EnumerateObject())
        {
            if (target.Value.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(path, $"the target '{target.Name}' is not an object");
            }

            var slash = target.Name.IndexOf('/');
            var framework = NuGetFramework.Parse(slash < 0 ? target.Name : target.Name.Substring(0, slash));
            if (framework.IsUnsupported)
            {
                throw Malformed(path, $"the target '{target.Name}' is not a known framework");
            }

            searchFrom = lines.Find("\"" + target.Name + "\"", searchFrom);
            var packages = new List<LockedPackage>();
            foreach (var package in target.Value.EnumerateObject())
            {
                if (package.Value.ValueKind != JsonValueKind.Object)
                {
                    throw Malformed(path, $"the entry '{package.Name}' of '{target.Name}' is not an object");
                }

                var at = lines.Find("\"" + package.Name + "\"", searchFrom);
                packages.Add(new LockedPackage(
                    package.Name,
                    String(package.Value, "type") ?? "",
                    String(package.Value, "requested"),
                    String(package.Value, "resolved"),
                    String(package.Value, "contentHash"),
                    lines.LineOf(at)));
            }

            targets.Add(new LockedTarget(target.Name, framework, slash < 0 ? null : target.Name.Substring(slash + 1), packages));
        }

        return targets;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw new FormatException($"'{name}' is not a string") : null;

    private static BuildDiagnosticException Malformed(string path, string reason, Exception? inner = null) =>
        inner is null
            ? BuildDiagnostics.LockFileUnreadable.Failure(path, path, reason)
            : BuildDiagnostics.LockFileUnreadable.Failure(inner, path, path, reason);

    /// <summary>Finds 1-based line numbers of quoted names, scanning forward (lock files list targets, then packages, in order).</summary>
    private sealed class LineIndex
    {
        private readonly string text;
        private readonly List<int> lineStarts = new() { 0 };

        public LineIndex(byte[] content)
        {
            text = Encoding.UTF8.GetString(content);
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    lineStarts.Add(i + 1);
                }
            }
        }

        public int Find(string quoted, int from)
        {
            var at = text.IndexOf(quoted, Math.Min(from, text.Length), StringComparison.Ordinal);
            return at < 0 ? from : at;
        }

        public int LineOf(int offset)
        {
            var index = lineStarts.BinarySearch(offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }
    }
}
