using System;
using System.Collections.Generic;
using System.Linq;
using NuGet.LibraryModel;
using NuGet.ProjectModel;
using NuGet.Versioning;

namespace PipelineSecurity.Build.Policy.Inputs;

/// <summary>A package restore resolved for the project (in any target framework), and whether the project references it directly.</summary>
public sealed record PolicyPackage(string Id, NuGetVersion Version, bool Direct, IReadOnlyList<string> Frameworks)
{
    public string Subject => Id + "@" + Version.ToNormalizedString();
}

public static class RestoredPackages
{
    /// <summary>Every package of every target, once per id and version; direct when any framework references it directly.</summary>
    public static IReadOnlyList<PolicyPackage> From(LockFile assets)
    {
        var byKey = new Dictionary<(string, NuGetVersion), (bool Direct, SortedSet<string> Frameworks, string Id)>();
        foreach (var target in assets.Targets.Where(t => string.IsNullOrEmpty(t.RuntimeIdentifier)))
        {
            var framework = target.TargetFramework.GetShortFolderName();
            var direct = DirectIds(assets, target);
            foreach (var library in target.Libraries)
            {
                if (library.Type != LibraryType.Package || library.Name is null || library.Version is null)
                {
                    continue;
                }

                var key = (library.Name.ToLowerInvariant(), library.Version);
                if (!byKey.TryGetValue(key, out var entry))
                {
                    entry = (false, new SortedSet<string>(StringComparer.Ordinal), library.Name);
                }

                entry.Frameworks.Add(framework);
                byKey[key] = (entry.Direct || direct.Contains(library.Name), entry.Frameworks, entry.Id);
            }
        }

        return byKey
            .Select(pair => new PolicyPackage(pair.Value.Id, pair.Key.Item2, pair.Value.Direct, pair.Value.Frameworks.ToArray()))
            .OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Version)
            .ToArray();
    }

    private static HashSet<string> DirectIds(LockFile assets, LockFileTarget target)
    {
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var framework = assets.PackageSpec?.TargetFrameworks.FirstOrDefault(f => f.FrameworkName.Equals(target.TargetFramework));
        foreach (var dependency in framework?.Dependencies ?? Enumerable.Empty<LibraryDependency>())
        {
            if (dependency.LibraryRange.TypeConstraintAllows(LibraryDependencyTarget.Package))
            {
                ids.Add(dependency.Name);
            }
        }

        return ids;
    }
}
