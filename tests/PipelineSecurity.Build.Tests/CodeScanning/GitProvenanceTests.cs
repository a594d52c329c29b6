using System.IO;
using PipelineSecurity.Build.CodeScanning;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.CodeScanning;

public sealed class GitProvenanceTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public void Reads_the_branch_its_loose_ref_and_the_origin_url_without_credentials()
    {
        using var repo = new TemporaryDirectory();
        Write(repo.Combine(".git", "HEAD"), "ref: refs/heads/main\n");
        Write(repo.Combine(".git", "refs", "heads", "main"), Commit + "\n");
        var token = "ghp_" + new string('x', 36);
        Write(repo.Combine(".git", "config"), $"[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = https://example.com/other.git\n[remote \"origin\"]\n\turl = https://user:{token}@github.com/contoso/shop.git\n");

        var provenance = GitProvenance.Read(repo.Path);

        Assert.Equal(new GitProvenance("https://github.com/contoso/shop.git", Commit, "main"), provenance);
        Assert.Equal(repo.Path, SourceRoot.FindRepositoryRoot(repo.Combine("src", "deep")));
    }

    [Fact]
    public void Reads_packed_refs_a_detached_head_and_a_worktree_git_file()
    {
        using var folder = new TemporaryDirectory();
        var common = folder.Combine("main", ".git");
        Write(Path.Combine(common, "packed-refs"), "# pack-refs with: peeled fully-peeled sorted\n" + Commit + " refs/heads/feature\n");
        Write(Path.Combine(common, "config"), "[remote \"origin\"]\n\turl = git@github.com:contoso/shop.git\n");
        var worktreeGit = Path.Combine(common, "worktrees", "wt");
        Write(Path.Combine(worktreeGit, "HEAD"), "ref: refs/heads/feature\n");
        Write(Path.Combine(worktreeGit, "commondir"), "../..\n");
        Write(folder.Combine("wt", ".git"), "gitdir: " + worktreeGit + "\n");

        Assert.Equal(new GitProvenance("ssh://github.com/contoso/shop.git", Commit, "feature"), GitProvenance.Read(folder.Combine("wt")));

        Write(Path.Combine(common, "HEAD"), Commit + "\n");
        Assert.Equal(new GitProvenance("ssh://github.com/contoso/shop.git", Commit, null), GitProvenance.Read(folder.Combine("main")));
    }

    [Fact]
    public void No_repository_or_a_damaged_one_gives_null()
    {
        using var folder = new TemporaryDirectory();
        Assert.Null(GitProvenance.Read(folder.Path));

        Write(folder.Combine(".git", "HEAD"), "ref: refs/heads/main\n");
        Assert.Null(GitProvenance.Read(folder.Path));
    }

    [Theory]
    [InlineData("https://github.com/contoso/shop", "https://github.com/contoso/shop")]
    [InlineData("https://x-access-token:abc@github.com/contoso/shop.git", "https://github.com/contoso/shop.git")]
    [InlineData("ssh://git@github.com/contoso/shop.git", "ssh://github.com/contoso/shop.git")]
    [InlineData("contoso@vs-ssh.visualstudio.com:v3/contoso/proj/repo", "ssh://vs-ssh.visualstudio.com/v3/contoso/proj/repo")]
    [InlineData("/local/path/repo.git", null)]
    [InlineData("not a url", null)]
    public void Remote_urls_become_absolute_uris_without_user_information(string url, string? expected) =>
        Assert.Equal(expected, GitProvenance.CleanRemoteUrl(url));
}
