using System;
using System.Collections.Generic;
using System.IO;

namespace PipelineSecurity.Build.Pipelines;

/// <summary>A repository file the check reads, and whether its secrets are this check's job.</summary>
internal readonly struct RepositoryFile
{
    public RepositoryFile(string fullPath, string relativePath, PipelineFileKind kind, bool scanSecrets)
    {
        FullPath = fullPath;
        RelativePath = relativePath;
        Kind = kind;
        ScanSecrets = scanSecrets;
    }

    public string FullPath { get; }

    public string RelativePath { get; }

    public PipelineFileKind Kind { get; }

    /// <summary>False for YAML inside a project folder: the project's analyzers already scan it as an AdditionalFile.</summary>
    public bool ScanSecrets { get; }
}

/// <summary>
/// Finds the files to check under a repository root: <c>.github/workflows/*.yml|yaml</c>, <c>action.yml|yaml</c> under
/// <c>.github/</c> and at the root, <c>azure-pipelines*.yml|yaml</c> (and any YAML under <c>.azure-pipelines/</c>,
/// <c>.azuredevops/</c>, <c>.pipelines/</c>), Dockerfiles, docker-compose files, Kubernetes manifests and Helm values.
/// Build output, dependencies and VCS folders are skipped; the walk is bounded in depth and file count.
/// </summary>
internal static class RepositoryFiles
{
    public const int MaximumDepth = 8;
    public const int MaximumFiles = 5_000;

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        ".git", "node_modules", "bin", "obj", "artifacts", "packages", ".vs", ".idea", ".vscode", "TestResults", ".nuget",
        "vendor", "target", "dist", "out", "coverage", ".terraform", "__pycache__", ".venv", "venv", "bower_components",
    };

    private static readonly HashSet<string> PipelineFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        ".azure-pipelines", ".azuredevops", ".pipelines", "azure-pipelines",
    };

    /// <summary>The repository root: <paramref name="configured"/> when set, else the nearest folder above <paramref name="start"/> holding <c>.git</c>.</summary>
    public static string? FindRoot(string? configured, string start)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var folder = Path.GetFullPath(start);
        while (!string.IsNullOrEmpty(folder))
        {
            var git = Path.Combine(folder, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return folder;
            }

            folder = Path.GetDirectoryName(folder);
        }

        return null;
    }

    /// <summary>The files to check under <paramref name="root"/>.</summary>
    public static List<RepositoryFile> Find(string root) => Walked(root, watch: null).Files;

    /// <summary>The files to check, the .editorconfig files seen and the folders the result depends on (to replay it while they keep their stamps).</summary>
    public static RepositoryListing List(string root, DateTime walkStartedUtc) => Walked(root, new FolderWatch(walkStartedUtc));

    private static RepositoryListing Walked(string root, FolderWatch? watch)
    {
        root = NormalizedRoot(root);
        var files = new List<RepositoryFile>();
        var editorConfigs = new List<string>();
        Walk(root, root, 0, insideProject: false, files, editorConfigs, watch);
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return new RepositoryListing(root, files, editorConfigs, watch?.Folders);
    }

    /// <summary>The root as walks name it: full, without a trailing separator.</summary>
    public static string NormalizedRoot(string root) =>
        Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);

    /// <summary>The kind of a file by its name and place, or null when it is not one the check reads.</summary>
    internal static PipelineFileKind? Classify(string relativePath, Func<string>? readHead = null)
    {
        var name = relativePath.Substring(relativePath.LastIndexOf('/') + 1);
        var lower = name.ToLowerInvariant();
        var folder = relativePath.Length > name.Length ? relativePath.Substring(0, relativePath.Length - name.Length - 1) : string.Empty;
        var isYaml = lower.EndsWith(".yml", StringComparison.Ordinal) || lower.EndsWith(".yaml", StringComparison.Ordinal);

        if (lower == "dockerfile" || lower.StartsWith("dockerfile.", StringComparison.Ordinal) || lower.EndsWith(".dockerfile", StringComparison.Ordinal))
        {
            return PipelineFileKind.Dockerfile;
        }

        if (!isYaml)
        {
            return null;
        }

        if (string.Equals(folder, ".github/workflows", StringComparison.OrdinalIgnoreCase))
        {
            return PipelineFileKind.GitHubWorkflow;
        }

        if (lower is "action.yml" or "action.yaml" && (folder.Length == 0 || folder.StartsWith(".github/", StringComparison.OrdinalIgnoreCase)))
        {
            return PipelineFileKind.GitHubAction;
        }

        if (lower.StartsWith("azure-pipelines", StringComparison.Ordinal))
        {
            return PipelineFileKind.AzurePipeline;
        }

        foreach (var segment in folder.Split('/'))
        {
            if (PipelineFolders.Contains(segment))
            {
                return PipelineFileKind.AzurePipeline;
            }
        }

        if (lower.StartsWith("docker-compose", StringComparison.Ordinal) || lower.StartsWith("compose.", StringComparison.Ordinal) || lower.StartsWith("compose-", StringComparison.Ordinal))
        {
            return PipelineFileKind.DeploymentYaml;
        }

        if (lower.StartsWith("values", StringComparison.Ordinal))
        {
            return PipelineFileKind.DeploymentYaml;
        }

        // Any other YAML may be a Kubernetes manifest: the check decides from its content (the walk reads no file).
        return readHead is null ? PipelineFileKind.PossibleManifest : LooksLikeKubernetesManifest(readHead()) ? PipelineFileKind.DeploymentYaml : null;
    }

    private static readonly string[] AzureTopLevelKeys = { "trigger:", "pr:", "schedules:", "stages:", "jobs:", "steps:", "extends:", "resources:", "pool:", "variables:", "parameters:" };

    private static readonly string[] AzureItems = { "task:", "script:", "bash:", "pwsh:", "powershell:", "checkout:", "job:", "stage:", "deployment:", "download:", "publish:" };

    /// <summary>
    /// A document shaped like an Azure Pipelines definition or template kept where no name says so (<c>eng/pipelines/</c>,
    /// <c>build/ci.yml</c>): a top-level key of one (<c>trigger:</c>, <c>stages:</c>, <c>jobs:</c>, <c>steps:</c>…) and an
    /// item only Azure Pipelines writes (<c>- task:</c>, <c>- script:</c>, <c>- job:</c>…, or <c>- template:</c> where no
    /// top-level <c>include:</c> makes it GitLab's). A Concourse <c>plan:</c> (whose steps are <c>- task:</c> too) is not one.
    /// </summary>
    internal static bool LooksLikeAzurePipeline(string head)
    {
        bool topLevel = false, item = false, template = false, include = false, plan = false;
        foreach (var raw in head.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line[0] != ' ' && line[0] != '-')
            {
                topLevel |= Array.Exists(AzureTopLevelKeys, key => line.StartsWith(key, StringComparison.Ordinal));
                include |= line.StartsWith("include:", StringComparison.Ordinal);
                continue;
            }

            var trimmed = line.TrimStart();
            plan |= trimmed.StartsWith("plan:", StringComparison.Ordinal) || trimmed.StartsWith("- plan:", StringComparison.Ordinal);
            if (trimmed.StartsWith("- ", StringComparison.Ordinal))
            {
                var entry = trimmed.Substring(2).TrimStart();
                item |= Array.Exists(AzureItems, key => entry.StartsWith(key, StringComparison.Ordinal));
                template |= entry.StartsWith("template:", StringComparison.Ordinal);
            }
        }

        return topLevel && !plan && (item || (template && !include));
    }

    /// <summary>A document with top-level <c>apiVersion:</c> and <c>kind:</c> keys.</summary>
    internal static bool LooksLikeKubernetesManifest(string head)
    {
        var apiVersion = false;
        var kind = false;
        foreach (var line in head.Split('\n'))
        {
            apiVersion |= line.StartsWith("apiVersion:", StringComparison.Ordinal);
            kind |= line.StartsWith("kind:", StringComparison.Ordinal);
        }

        return apiVersion && kind;
    }

    /// <summary>
    /// Whether <paramref name="folder"/> holds a Chart.yaml. The answer follows from the folder's entries, which the walk
    /// watches, unless the file is a link (its target can come and go) or the folder lies outside the walk (the root's
    /// parent), which is then watched too.
    /// </summary>
    private static bool HasChart(string folder, FolderWatch? watch, bool outsideWalk = false)
    {
        var chart = Path.Combine(folder, "Chart.yaml");
        if (watch is not null)
        {
            if (outsideWalk)
            {
                watch.Watch(folder);
            }

            if (Infrastructure.FileSystemEntry.Of(chart) is not (Infrastructure.FileSystemEntryType.RegularFile or Infrastructure.FileSystemEntryType.Missing))
            {
                watch.Unwatchable();
            }
        }

        return File.Exists(chart);
    }

    /// <summary>Folders listed by walks on the calling thread (tests check that a replayed walk lists none).</summary>
    [ThreadStatic]
    internal static int FoldersListedOnThisThread;

    private static void Walk(string root, string folder, int depth, bool insideProject, List<RepositoryFile> files, List<string> editorConfigs, FolderWatch? watch)
    {
        watch?.Watch(folder);
        FoldersListedOnThisThread++;
        string[] entries;
        string[] folders;
        try
        {
            entries = Directory.GetFiles(folder);
            folders = Directory.GetDirectories(folder);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var entry in entries)
        {
            if (Path.GetFileName(entry).Equals(".editorconfig", StringComparison.OrdinalIgnoreCase))
            {
                editorConfigs.Add(entry);
            }

            var extension = Path.GetExtension(entry);
            if (extension.EndsWith("proj", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".vcxproj", StringComparison.OrdinalIgnoreCase))
            {
                insideProject = true;
            }
        }

        foreach (var entry in entries)
        {
            if (files.Count >= MaximumFiles)
            {
                return;
            }

            var relative = entry.Substring(root.Length).Replace('\\', '/').TrimStart('/');
            var kind = Classify(relative);
            if (kind is null)
            {
                continue;
            }

            // Values files only inside a Helm chart (next to Chart.yaml, or one level below it).
            if (kind == PipelineFileKind.DeploymentYaml && Path.GetFileName(entry).StartsWith("values", StringComparison.OrdinalIgnoreCase)
                && !HasChart(folder, watch) && !HasChart(Path.GetDirectoryName(folder) ?? folder, watch, outsideWalk: folder == root))
            {
                continue;
            }

            // YAML inside a project folder is the project's analyzers' (AdditionalFiles); only CI definitions are checked there.
            var scanSecrets = kind == PipelineFileKind.Dockerfile || !insideProject;
            if (!scanSecrets && kind is PipelineFileKind.DeploymentYaml or PipelineFileKind.PossibleManifest)
            {
                continue;
            }

            files.Add(new RepositoryFile(entry, relative, kind.Value, scanSecrets));
        }

        if (depth >= MaximumDepth)
        {
            return;
        }

        foreach (var child in folders)
        {
            var name = Path.GetFileName(child);
            if (SkippedFolders.Contains(name) || (name.StartsWith(".", StringComparison.Ordinal) && !name.Equals(".github", StringComparison.OrdinalIgnoreCase)
                && !PipelineFolders.Contains(name) && !name.Equals(".devcontainer", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            Walk(root, child, depth + 1, insideProject, files, editorConfigs, watch);
        }
    }

}
