using System;
using System.Collections.Generic;
using PipelineSecurity.Build.Integrity.PackageCache;

namespace PipelineSecurity.Build.Pipelines;

/// <summary>
/// What a walk of the repository found (<see cref="RepositoryFiles.List"/>), and the folders whose entries decided it,
/// each with the change stamp it had before it was listed. A later build whose folders all keep their stamps would find
/// exactly the same files, so it takes them from here with one stat per folder instead of listing every folder again
/// (a repository of a few thousand folders cost tens of milliseconds per no-op build): an entry added, removed or renamed
/// in a folder changes that folder's inode change time, which cannot be set back.
/// </summary>
internal sealed class RepositoryListing
{
    public RepositoryListing(string root, List<RepositoryFile> files, List<string> editorConfigs, List<KeyValuePair<string, string>>? folders)
    {
        Root = root;
        Files = files;
        EditorConfigs = editorConfigs;
        Folders = folders;
    }

    /// <summary>The repository root walked (full path, no trailing separator).</summary>
    public string Root { get; }

    /// <summary>The files to check, sorted by relative path.</summary>
    public List<RepositoryFile> Files { get; }

    /// <summary>Every .editorconfig seen, in the order walked (part of the no-op stamp).</summary>
    public List<string> EditorConfigs { get; }

    /// <summary>
    /// Each folder whose entries the walk depended on (full path) with its stamp; null when the walk cannot stand for a
    /// later one: no change stamps on this platform, a folder that is a link or changed too recently to be trusted.
    /// </summary>
    public List<KeyValuePair<string, string>>? Folders { get; }

    /// <summary>Whether every folder still has the stamp it had when walked (so a walk now would find the same files).</summary>
    public bool StillHolds(string root)
    {
        if (Folders is null || Folders.Count == 0 || !string.Equals(root, Root, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var folder in Folders)
        {
            if (FileChangeStamp.TextOf(folder.Key) != folder.Value)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Takes the stamps of the folders a walk depends on, and decides whether the walk can be replayed.</summary>
internal sealed class FolderWatch
{
    private readonly DateTime walkStartedUtc;
    private List<KeyValuePair<string, string>>? folders = new();

    public FolderWatch(DateTime walkStartedUtc) => this.walkStartedUtc = walkStartedUtc;

    /// <summary>The folders watched, or null when the walk cannot be replayed.</summary>
    public List<KeyValuePair<string, string>>? Folders => folders;

    /// <summary>Makes the walk one that is not replayed: it depended on something a folder's stamp does not show.</summary>
    public void Unwatchable() => folders = null;

    /// <summary>
    /// Records <paramref name="folder"/>'s stamp, taken before it is listed (a change during the listing then shows in a
    /// later stamp). A link, an entry without a stamp (gone, or no change stamps on this platform), or one changed within
    /// the settle margin (two changes in one tick of the file system's clock give one time) makes the walk one that is
    /// not replayed.
    /// </summary>
    public void Watch(string folder)
    {
        if (folders is null)
        {
            return;
        }

        if (FileChangeStamp.TryGet(folder, out var isDirectory) is not { } stamp || !isDirectory || !stamp.SettledBefore(walkStartedUtc))
        {
            folders = null;
            return;
        }

        folders.Add(new KeyValuePair<string, string>(folder, stamp.ToString()));
    }
}
