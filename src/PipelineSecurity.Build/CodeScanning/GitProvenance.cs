using System;
using System.IO;
using System.Text.RegularExpressions;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.CodeScanning;

/// <summary>The commit, branch and remote of a git repository, for SARIF <c>versionControlProvenance</c>.</summary>
internal sealed record GitProvenance(string? RepositoryUri, string? RevisionId, string? Branch)
{
    private static readonly Regex CommitId = new("^[0-9a-f]{40}([0-9a-f]{24})?$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>
    /// Reads <c>.git</c> under <paramref name="repositoryRoot"/> without running git: HEAD, the ref it names (loose or
    /// packed), and the "origin" remote's URL with any user name or password removed. Null when it is no git
    /// repository or HEAD cannot be resolved; never throws for a damaged repository.
    /// </summary>
    public static GitProvenance? Read(string repositoryRoot)
    {
        try
        {
            var gitDir = GitDirectory(Path.Combine(repositoryRoot, ".git"));
            if (gitDir is null || !File.Exists(Path.Combine(gitDir, "HEAD")))
            {
                return null;
            }

            // A worktree's git directory keeps HEAD; refs and config live in the common directory.
            var commonDir = gitDir;
            var commonFile = Path.Combine(gitDir, "commondir");
            if (File.Exists(commonFile))
            {
                commonDir = Path.GetFullPath(Path.Combine(gitDir, InputFile.ReadAllText(commonFile, InputKind.GitMetadata).Trim()));
            }

            var head = InputFile.ReadAllText(Path.Combine(gitDir, "HEAD"), InputKind.GitMetadata).Trim();
            string? branch = null;
            string? revision;
            if (head.StartsWith("ref:", StringComparison.Ordinal))
            {
                var reference = head.Substring(4).Trim();
                branch = reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference.Substring("refs/heads/".Length) : reference;
                revision = ResolveReference(gitDir, reference) ?? ResolveReference(commonDir, reference);
            }
            else
            {
                revision = head;
            }

            if (revision is null || !CommitId.IsMatch(revision))
            {
                revision = null;
            }

            var remote = OriginUrl(Path.Combine(commonDir, "config"));
            if (revision is null && remote is null)
            {
                return null;
            }

            return new GitProvenance(remote, revision, branch);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or InputRefusedException)
        {
            return null;
        }
    }

    private static string? GitDirectory(string dotGit)
    {
        if (Directory.Exists(dotGit))
        {
            return dotGit;
        }

        if (!File.Exists(dotGit))
        {
            return null;
        }

        // A worktree or submodule: ".git" is a file "gitdir: <path>".
        var text = InputFile.ReadAllText(dotGit, InputKind.GitMetadata).Trim();
        if (!text.StartsWith("gitdir:", StringComparison.Ordinal))
        {
            return null;
        }

        var path = text.Substring(7).Trim();
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(dotGit)!, path));
    }

    private static string? ResolveReference(string gitDir, string reference)
    {
        for (var depth = 0; depth < 5; depth++)
        {
            var loose = Path.Combine(gitDir, reference.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(loose))
            {
                var value = InputFile.ReadAllText(loose, InputKind.GitMetadata).Trim();
                if (value.StartsWith("ref:", StringComparison.Ordinal))
                {
                    reference = value.Substring(4).Trim();
                    continue;
                }

                return value;
            }

            var packed = Path.Combine(gitDir, "packed-refs");
            if (!File.Exists(packed))
            {
                return null;
            }

            foreach (var line in InputFile.ReadAllText(packed, InputKind.GitMetadata).Split('\n'))
            {
                if (line.Length > 41 && line[40] == ' ' && string.Equals(line.Substring(41).Trim(), reference, StringComparison.Ordinal))
                {
                    return line.Substring(0, 40);
                }
            }

            return null;
        }

        return null;
    }

    /// <summary>The url of [remote "origin"] in a git config, as an absolute URI without credentials.</summary>
    public static string? OriginUrl(string configFile)
    {
        if (!File.Exists(configFile))
        {
            return null;
        }

        var inOrigin = false;
        foreach (var raw in InputFile.ReadAllText(configFile, InputKind.GitMetadata).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("[", StringComparison.Ordinal))
            {
                inOrigin = Regex.IsMatch(line, "^\\[remote\\s+\"origin\"\\]$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                continue;
            }

            if (!inOrigin)
            {
                continue;
            }

            var equals = line.IndexOf('=');
            if (equals > 0 && string.Equals(line.Substring(0, equals).Trim(), "url", StringComparison.OrdinalIgnoreCase))
            {
                return CleanRemoteUrl(line.Substring(equals + 1).Trim().Trim('"'));
            }
        }

        return null;
    }

    /// <summary>
    /// A remote URL as an absolute URI with no user information (a token in an https remote must never reach a
    /// report); the scp-like form <c>git@host:org/repo.git</c> becomes <c>ssh://host/org/repo.git</c>. Null otherwise.
    /// </summary>
    public static string? CleanRemoteUrl(string url)
    {
        var scp = Regex.Match(url, "^(?:[^@/\\s]+@)?([A-Za-z0-9.\\-]+):(?!//)([^\\s]+)$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (scp.Success && !url.Contains("://"))
        {
            url = "ssh://" + scp.Groups[1].Value + "/" + scp.Groups[2].Value.TrimStart('/');
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        var builder = new UriBuilder(uri) { UserName = "", Password = "" };
        return builder.Uri.AbsoluteUri;
    }
}
