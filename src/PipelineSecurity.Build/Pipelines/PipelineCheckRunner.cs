using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using PipelineSecurity.Build.Pipelines.Configuration;
using PipelineSecurity.Build.Pipelines.State;

namespace PipelineSecurity.Build.Pipelines;

/// <summary>What one project's build asks: where it is, what solution builds it, and where shared state lives.</summary>
internal sealed class PipelineCheckRequest
{
    public string ProjectFile { get; set; } = string.Empty;

    public string? TargetFramework { get; set; }

    /// <summary>$(SolutionPath) when a solution is being built; empty or *Undefined* otherwise.</summary>
    public string? SolutionPath { get; set; }

    /// <summary>$(PipelineSecurityRepositoryRoot): overrides the search for .git.</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>Shared state (claims and result caches) of every build on this machine.</summary>
    public string StateDirectory { get; set; } = string.Empty;

    public TimeSpan ClaimWait { get; set; } = TimeSpan.FromSeconds(60);
}

internal enum PipelineCheckOutcome
{
    /// <summary>No repository root was found: nothing to check.</summary>
    NoRepository,

    /// <summary>Another project of this solution reports the findings.</summary>
    NotOwner,

    /// <summary>Nothing changed since the last check: findings come from the cache, no file was read.</summary>
    Unchanged,

    /// <summary>Files were touched but hold the same bytes: findings come from the cache, nothing was parsed.</summary>
    SameContent,

    /// <summary>The files were checked.</summary>
    Checked,
}

internal sealed class PipelineCheckResult
{
    public PipelineCheckResult(PipelineCheckOutcome outcome, string? repositoryRoot, IReadOnlyList<PipelineFinding> findings, int fileCount)
    {
        Outcome = outcome;
        RepositoryRoot = repositoryRoot;
        Findings = findings;
        FileCount = fileCount;
    }

    public PipelineCheckOutcome Outcome { get; }

    public string? RepositoryRoot { get; }

    public IReadOnlyList<PipelineFinding> Findings { get; }

    public int FileCount { get; }
}

/// <summary>
/// One project's part of the repository-level check: find the root, take or respect the solution's claim, and for the
/// owner return the findings, re-checking only when a file (or .editorconfig, or the rules) changed.
/// </summary>
internal static class PipelineCheckRunner
{
    private static readonly string RulesVersion = Infrastructure.Hex.Lower(typeof(PipelineCheckRunner).Assembly.ManifestModule.ModuleVersionId.ToByteArray());

    public static PipelineCheckResult Run(PipelineCheckRequest request)
    {
        var projectFolder = Path.GetDirectoryName(Path.GetFullPath(request.ProjectFile)) ?? ".";
        var root = RepositoryFiles.FindRoot(request.RepositoryRoot, projectFolder);
        if (root is null || !Directory.Exists(root))
        {
            return new PipelineCheckResult(PipelineCheckOutcome.NoRepository, root, Array.Empty<PipelineFinding>(), 0);
        }

        root = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var solution = string.IsNullOrWhiteSpace(request.SolutionPath) || request.SolutionPath == "*Undefined*" ? request.ProjectFile : request.SolutionPath!;
        var stateFolder = SolutionBuildClaim.StateFolder(request.StateDirectory, root, Path.GetFullPath(solution));
        var owner = Path.GetFullPath(request.ProjectFile) + "|" + request.TargetFramework;
        if (!SolutionBuildClaim.TryClaim(stateFolder, owner, Path.GetFullPath(request.ProjectFile), SolutionBuildClaim.Fingerprint(solution), request.ClaimWait))
        {
            return new PipelineCheckResult(PipelineCheckOutcome.NotOwner, root, Array.Empty<PipelineFinding>(), 0);
        }

        return CheckWithCache(root, Path.Combine(stateFolder, "result.txt"));
    }

    /// <summary>
    /// The owner's check: the files from the last walk while its folders keep their stamps (a walk otherwise), then the
    /// files' stamp, then their content key, then a full check, each only when the previous one differs.
    /// </summary>
    internal static PipelineCheckResult CheckWithCache(string root, string cachePath, DateTime? nowUtc = null)
    {
        var gitConfig = Path.Combine(root, ".git", "config");
        var cached = CheckResultCache.Read(cachePath);
        var listing = cached?.Listing is { } known && known.StillHolds(RepositoryFiles.NormalizedRoot(root))
            ? known
            : RepositoryFiles.List(root, nowUtc ?? DateTime.UtcNow);
        var found = listing.Files;
        var editorConfigs = listing.EditorConfigs;
        var classification = Classification(found);

        // A new walk that can be replayed is kept even when nothing else changed, so that the next build replays it.
        var keepListing = !ReferenceEquals(listing, cached?.Listing) && listing.Folders is not null;

        var stamped = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in found)
        {
            stamped.Add(file.RelativePath);
        }

        if (cached is not null)
        {
            foreach (var read in cached.FilesRead)
            {
                stamped.Add(read);
            }
        }

        var stamp = Stamp(root, stamped, classification, editorConfigs, gitConfig);
        if (cached is not null && cached.Stamp == stamp)
        {
            if (keepListing)
            {
                cached.Listing = listing;
                cached.Write(cachePath);
            }

            return new PipelineCheckResult(PipelineCheckOutcome.Unchanged, root, cached.Findings, stamped.Count);
        }

        var contentKey = ContentKey(root, stamped, classification, editorConfigs, gitConfig);
        if (cached is not null && cached.ContentKey == contentKey)
        {
            cached.Stamp = stamp;
            cached.Listing = listing;
            cached.Write(cachePath);
            return new PipelineCheckResult(PipelineCheckOutcome.SameContent, root, cached.Findings, stamped.Count);
        }

        var options = new RuleOptions(new EditorConfigFiles(root));
        var findings = PipelineChecker.Check(root, found, options, GitRemote.GitHubOwner(gitConfig), out var filesRead);

        // Files read beyond the walk (local actions, templates) join the stamp, so editing them re-checks.
        var result = new CheckResultCache { Listing = listing };
        var all = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in filesRead)
        {
            all.Add(file.RelativePath);
            result.FilesRead.Add(file.RelativePath);
        }

        foreach (var file in found)
        {
            all.Add(file.RelativePath);
        }

        result.Stamp = Stamp(root, all, classification, editorConfigs, gitConfig);
        result.ContentKey = ContentKey(root, all, classification, editorConfigs, gitConfig);
        result.Findings.AddRange(findings);
        result.Write(cachePath);
        return new PipelineCheckResult(PipelineCheckOutcome.Checked, root, findings, filesRead.Count);
    }

    /// <summary>
    /// The files found and how each is checked: part of the stamp and the content key, so that a file that stays but is
    /// no longer one to check (a Helm values file whose Chart.yaml went) or becomes one re-runs the check.
    /// </summary>
    private static string Classification(List<RepositoryFile> found)
    {
        var text = new StringBuilder();
        foreach (var file in found)
        {
            text.Append(file.RelativePath).Append('|').Append(file.Kind).Append('|').Append(file.ScanSecrets ? '1' : '0').Append('\n');
        }

        return Hashing.Hex(Hashing.Sha256(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Stamp(string root, IEnumerable<string> relativePaths, string classification, List<string> editorConfigs, string gitConfig)
    {
        var text = new StringBuilder(RulesVersion).Append('\n').Append(classification).Append('\n');
        foreach (var relative in relativePaths)
        {
            AppendStat(text, relative, Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)));
        }

        foreach (var editorConfig in editorConfigs)
        {
            AppendStat(text, editorConfig, editorConfig);
        }

        AppendStat(text, gitConfig, gitConfig);
        return Hashing.Hex(Hashing.Sha256(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void AppendStat(StringBuilder text, string name, string path)
    {
        text.Append(name).Append('|');
        if (Infrastructure.FileSystemEntry.Of(path) == Infrastructure.FileSystemEntryType.SymbolicLink)
        {
            // A link's own times say nothing of its target: a stamp that never matches, so its bytes are compared on
            // every build (the content key).
            text.Append("link|").Append(DateTime.UtcNow.Ticks).Append('\n');
            return;
        }

        var info = new FileInfo(path);
        if (info.Exists)
        {
            text.Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks);
        }

        text.Append('\n');
    }

    private static string ContentKey(string root, IEnumerable<string> relativePaths, string classification, List<string> editorConfigs, string gitConfig)
    {
        using var sha = System.Security.Cryptography.SHA256.Create();
        void Add(string name, string path)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name + "\n");
            sha.TransformBlock(nameBytes, 0, nameBytes.Length, null, 0);
            try
            {
                var info = new FileInfo(path);
                if (info.Exists && info.Length <= PipelineChecker.MaximumScannedBytes)
                {
                    var bytes = File.ReadAllBytes(path);
                    var length = Encoding.UTF8.GetBytes(bytes.Length + "\n");
                    sha.TransformBlock(length, 0, length.Length, null, 0);
                    sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
                }
                else if (info.Exists)
                {
                    var stat = Encoding.UTF8.GetBytes(info.Length + "|" + info.LastWriteTimeUtc.Ticks + "\n");
                    sha.TransformBlock(stat, 0, stat.Length, null, 0);
                }
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
            }
        }

        var version = Encoding.UTF8.GetBytes(RulesVersion + "\n" + classification + "\n");
        sha.TransformBlock(version, 0, version.Length, null, 0);
        foreach (var relative in relativePaths)
        {
            Add(relative, Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)));
        }

        foreach (var editorConfig in editorConfigs)
        {
            Add(editorConfig, editorConfig);
        }

        Add(gitConfig, gitConfig);
        sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
        return Hashing.Hex(sha.Hash!);
    }
}

/// <summary>The GitHub owner of the <c>origin</c> remote in <c>.git/config</c> (to tell this repository's reusable workflows from third parties').</summary>
internal static class GitRemote
{
    public static string? GitHubOwner(string gitConfigPath)
    {
        try
        {
            if (!File.Exists(gitConfigPath))
            {
                return null;
            }

            var inOrigin = false;
            foreach (var raw in File.ReadAllLines(gitConfigPath))
            {
                var line = raw.Trim();
                if (line.StartsWith("[", StringComparison.Ordinal))
                {
                    inOrigin = line.Replace(" ", string.Empty).Equals("[remote\"origin\"]", StringComparison.OrdinalIgnoreCase);
                    continue;
                }

                if (inOrigin && line.StartsWith("url", StringComparison.OrdinalIgnoreCase) && line.IndexOf('=') > 0)
                {
                    return OwnerOf(line.Substring(line.IndexOf('=') + 1).Trim());
                }
            }
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    internal static string? OwnerOf(string url)
    {
        var host = url.IndexOf("github.com", StringComparison.OrdinalIgnoreCase);
        if (host < 0)
        {
            return null;
        }

        var rest = url.Substring(host + "github.com".Length).TrimStart(':', '/');
        var slash = rest.IndexOf('/');
        return slash > 0 ? rest.Substring(0, slash) : null;
    }
}
