using System;
using System.Collections.Generic;
using System.Linq;
using NuGet.LibraryModel;
using NuGet.ProjectModel;

namespace PipelineSecurity.Build.PackageReport;

/// <summary>Builds a <see cref="PackageReport"/> from an assets file: every package of every target, sorted, with its direct dependencies.</summary>
public static class PackageReportBuilder
{
    public static PackageReport Build(string projectName, LockFile assets)
    {
        var targets = new List<TargetPackages>();
        foreach (var target in assets.Targets.Where(t => string.IsNullOrEmpty(t.RuntimeIdentifier)).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var direct = DirectPackageIds(assets, target);
            var packages = target.Libraries
                .Where(library => library.Type == LibraryType.Package)
                .Select(library => new RestoredPackage(
                    library.Name!,
                    library.Version!.ToNormalizedString(),
                    direct.Contains(library.Name!),
                    library.Dependencies.Select(d => d.Id).OrderBy(id => id, StringComparer.OrdinalIgnoreCase).ToArray()))
                .OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
                .ToArray();
            targets.Add(new TargetPackages(target.TargetFramework.GetShortFolderName(), packages));
        }

        return new PackageReport(projectName, targets);
    }

    private static HashSet<string> DirectPackageIds(LockFile assets, LockFileTarget target)
    {
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var framework = assets.PackageSpec?.TargetFrameworks.FirstOrDefault(f => f.FrameworkName.Equals(target.TargetFramework));
        if (framework is null)
        {
            return ids;
        }

        foreach (var dependency in framework.Dependencies)
        {
            if (dependency.LibraryRange.TypeConstraintAllows(LibraryDependencyTarget.Package))
            {
                ids.Add(dependency.Name);
            }
        }

        return ids;
    }
}
