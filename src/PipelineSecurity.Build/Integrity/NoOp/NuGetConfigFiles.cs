using System.Collections.Generic;
using System.IO;
using NuGet.Common;
using NuGet.Configuration;

namespace PipelineSecurity.Build.Integrity.NoOp;

/// <summary>
/// The paths whose change could change the trustedSigners NuGet's settings give a project: every nuget.config name
/// NuGet looks for in the project's folder and each folder above it (present or not, so one created later is seen),
/// the config files the settings were read from, and the user-wide and machine-wide config folders (a folder's stamp
/// moves when a file is added to or removed from it).
/// </summary>
internal static class NuGetConfigFiles
{
    // NuGet's names for a folder's config file, in the order it tries them (one name on a case-insensitive file system).
    private static readonly string[] Names = { "nuget.config", "NuGet.config", "NuGet.Config" };

    public static IReadOnlyCollection<string> Watched(string projectDirectory, ISettings settings)
    {
        var paths = new SortedSet<string>(System.StringComparer.Ordinal);
        var ancestors = new HashSet<string>(System.StringComparer.Ordinal);
        for (var folder = new DirectoryInfo(Path.GetFullPath(projectDirectory)); folder is not null; folder = folder.Parent)
        {
            ancestors.Add(folder.FullName.TrimEnd(Path.DirectorySeparatorChar));
            foreach (var name in Names)
            {
                paths.Add(Path.Combine(folder.FullName, name));
            }
        }

        foreach (var file in settings.GetConfigFilePaths())
        {
            paths.Add(Path.GetFullPath(file));
            // Folders above the project are covered name by name (their own stamp moves with every file added there).
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder && !ancestors.Contains(folder.TrimEnd(Path.DirectorySeparatorChar)))
            {
                paths.Add(folder);
            }
        }

        var user = NuGetEnvironment.GetFolderPath(NuGetFolderPath.UserSettingsDirectory);
        paths.Add(user);
        paths.Add(Path.Combine(user, "config"));
        paths.Add(NuGetEnvironment.GetFolderPath(NuGetFolderPath.MachineWideConfigDirectory));
        return paths;
    }
}
