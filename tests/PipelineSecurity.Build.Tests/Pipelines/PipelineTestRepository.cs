using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.Pipelines;
using PipelineSecurity.Build.Pipelines.Configuration;
using PipelineSecurity.Build.Tests.Infrastructure;

namespace PipelineSecurity.Build.Tests.Pipelines;

/// <summary>A throw-away repository (a folder with .git) holding the CI files a test writes, checked with the real checker.</summary>
internal sealed class PipelineTestRepository : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public PipelineTestRepository()
    {
        Directory.CreateDirectory(Path.Combine(Root, ".git"));
    }

    public string Root => _folder.Path;

    public PipelineTestRepository With(string relativePath, string content)
    {
        var full = Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content.Replace("\r\n", "\n"));
        return this;
    }

    public PipelineTestRepository WithOrigin(string url) =>
        With(".git/config", "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = " + url + "\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n");

    public List<PipelineFinding> Check() =>
        PipelineChecker.Check(Root, RepositoryFiles.Find(Root), new RuleOptions(new EditorConfigFiles(Root)), GitRemote.GitHubOwner(Path.Combine(Root, ".git", "config")));

    /// <summary>The findings of one rule, as "path(line,col)" strings.</summary>
    public List<string> Locations(string ruleId) =>
        Check().Where(f => f.RuleId == ruleId).Select(f => $"{f.RelativePath}({f.Line},{f.Column})").ToList();

    public void Dispose() => _folder.Dispose();
}
