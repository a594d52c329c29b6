using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PipelineSecurity.Build.Sbom;

namespace PipelineSecurity.Build.Tests.Sbom;

/// <summary>
/// Reads an assets file as plain JSON, independently of NuGet's reader and of the code under test, to give the tests
/// their expected components and edges.
/// </summary>
internal static class RawAssets
{
    public static IReadOnlyList<(string Name, string Version, string Type)> Libraries(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("libraries").EnumerateObject()
            .Select(library => (Split(library.Name).Name, Split(library.Name).Version, library.Value.GetProperty("type").GetString()!))
            .ToArray();
    }

    public static string Sha512(string path, string key)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("libraries").GetProperty(key).GetProperty("sha512").GetString()!;
    }

    /// <summary>purl → purls it depends on, the union over every target, each dependency at the version its target resolved.</summary>
    public static Dictionary<string, HashSet<string>> Edges(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var target in document.RootElement.GetProperty("targets").EnumerateObject())
        {
            var resolved = target.Value.EnumerateObject().ToDictionary(l => Split(l.Name).Name, l => Split(l.Name).Version, StringComparer.OrdinalIgnoreCase);
            foreach (var library in target.Value.EnumerateObject())
            {
                var (name, version) = Split(library.Name);
                var from = SbomBuilder.Purl(name, version);
                if (!edges.TryGetValue(from, out var to))
                {
                    edges[from] = to = new HashSet<string>(StringComparer.Ordinal);
                }

                if (library.Value.TryGetProperty("dependencies", out var dependencies))
                {
                    foreach (var dependency in dependencies.EnumerateObject())
                    {
                        if (resolved.TryGetValue(dependency.Name, out var dependencyVersion))
                        {
                            var canonical = target.Value.EnumerateObject().First(l => string.Equals(Split(l.Name).Name, dependency.Name, StringComparison.OrdinalIgnoreCase));
                            to.Add(SbomBuilder.Purl(Split(canonical.Name).Name, dependencyVersion));
                        }
                    }
                }
            }
        }

        return edges;
    }

    /// <summary>The project's direct dependencies (projectFileDependencyGroups), at the versions the targets resolved.</summary>
    public static HashSet<string> DirectDependencies(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in document.RootElement.GetProperty("projectFileDependencyGroups").EnumerateObject())
        {
            var target = document.RootElement.GetProperty("targets").GetProperty(group.Name);
            foreach (var entry in group.Value.EnumerateArray())
            {
                var name = entry.GetString()!.Split(' ')[0];
                var library = target.EnumerateObject().FirstOrDefault(l => string.Equals(Split(l.Name).Name, name, StringComparison.OrdinalIgnoreCase));
                if (library.Value.ValueKind != JsonValueKind.Undefined)
                {
                    result.Add(SbomBuilder.Purl(Split(library.Name).Name, Split(library.Name).Version));
                }
            }
        }

        return result;
    }

    private static (string Name, string Version) Split(string key)
    {
        var slash = key.IndexOf('/');
        return (key.Substring(0, slash), key.Substring(slash + 1));
    }
}
