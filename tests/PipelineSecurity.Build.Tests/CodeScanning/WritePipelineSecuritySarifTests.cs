using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Utilities;
using PipelineSecurity.Build.CodeScanning;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.CodeScanning;

/// <summary>The task of projects without a policy: bad inputs are coded diagnostics, never a crash.</summary>
public sealed class WritePipelineSecuritySarifTests
{
    private static (WritePipelineSecuritySarif Task, RecordingBuildEngine Engine) Create(TemporaryDirectory folder, string errorLog)
    {
        File.WriteAllText(folder.Combine("App.csproj"), "<Project />");
        var engine = new RecordingBuildEngine();
        var task = new WritePipelineSecuritySarif
        {
            BuildEngine = engine,
            ProjectName = "App",
            ProjectFile = folder.Combine("App.csproj"),
            ErrorLog = errorLog,
            SarifFile = folder.Combine("bin", "pipeline-security.sarif"),
            SourceRoot = folder.Path,
            BaselineFile = folder.Combine("pipeline-security.baseline.json"),
            Findings = new[]
            {
                new TaskItem("PSF7001", new System.Collections.Generic.Dictionary<string, string>
                {
                    ["Message"] = "Workflow step uses an action by tag", ["File"] = folder.Combine(".github", "workflows", "ci.yml"), ["Line"] = "12", ["Column"] = "9",
                    ["Level"] = "error", ["FingerprintText"] = "uses: actions/checkout@v4",
                }),
            },
        };
        return (task, engine);
    }

    [Fact]
    public void Findings_of_other_sources_reach_the_sarif_file_through_the_same_model()
    {
        using var folder = new TemporaryDirectory();
        var (task, engine) = Create(folder, folder.Combine("missing.sarif"));

        Assert.True(task.Execute());

        Assert.Empty(engine.Errors);
        var sarif = File.ReadAllText(folder.Combine("bin", "pipeline-security.sarif"));
        Assert.Contains("\"uri\": \".github/workflows/ci.yml\"", sarif);
        Assert.Contains("\"source\": \"pipeline\"", sarif);
    }

    [Fact]
    public void A_damaged_compiler_log_is_a_warning_and_a_damaged_baseline_an_error()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(folder.Combine("log.sarif"), "{ not json");
        File.WriteAllText(folder.Combine("pipeline-security.baseline.json"), "[]");
        var (task, engine) = Create(folder, folder.Combine("log.sarif"));

        Assert.False(task.Execute());

        Assert.Equal("PSF6010", Assert.Single(engine.Warnings).Code);
        var error = Assert.Single(engine.Errors);
        Assert.Equal("PSF6020", error.Code);
        Assert.Equal(folder.Combine("pipeline-security.baseline.json"), error.File);
        Assert.EndsWith("docs/rules/PSF6020.md", error.HelpLink);
        Assert.True(File.Exists(folder.Combine("bin", "pipeline-security.sarif")));
    }

    private static readonly DateTime Later = DateTime.UtcNow.AddMinutes(5);

    private static bool Skipped(RecordingBuildEngine engine) =>
        engine.Messages.Any(m => m.Message?.Contains("is up to date (nothing it is made from changed", StringComparison.Ordinal) == true);

    private static (WritePipelineSecuritySarif Task, RecordingBuildEngine Engine) Remembering(TemporaryDirectory folder)
    {
        var (task, engine) = Create(folder, folder.Combine("missing.sarif"));
        task.CacheFile = folder.Combine("obj", "pipeline-security", "sarif.written");
        task.NowUtc = Later;
        return (task, engine);
    }

    [Fact]
    public void A_build_in_which_nothing_the_report_is_made_from_changed_does_not_write_it_again()
    {
        using var folder = new TemporaryDirectory();
        var (first, firstEngine) = Remembering(folder);
        Assert.True(first.Execute());
        Assert.False(Skipped(firstEngine));
        var written = File.GetLastWriteTimeUtc(folder.Combine("bin", "pipeline-security.sarif"));

        var (second, secondEngine) = Remembering(folder);
        Assert.True(second.Execute());

        Assert.True(Skipped(secondEngine));
        Assert.Equal(written, File.GetLastWriteTimeUtc(folder.Combine("bin", "pipeline-security.sarif")));
        Assert.Empty(secondEngine.Warnings);
    }

    [Fact]
    public void The_report_a_build_has_just_written_does_not_make_the_next_build_write_it_again()
    {
        // Every run touches the report (an unchanged one keeps its bytes and gets a new time): its own output's stamp is
        // never "settled", and need not be. No log and no baseline here, so only the report's stamp is recent.
        using var folder = new TemporaryDirectory();
        var (first, _) = Remembering(folder);
        first.NowUtc = null;
        Assert.True(first.Execute());

        var (second, engine) = Remembering(folder);
        second.NowUtc = null;
        Assert.True(second.Execute());

        Assert.True(Skipped(engine));
    }

    [Theory]
    [InlineData("a finding")]
    [InlineData("the baseline")]
    [InlineData("the report deleted")]
    [InlineData("the report edited")]
    [InlineData("the commit")]
    [InlineData("a setting")]
    public void Any_change_to_what_the_report_is_made_from_writes_it_again(string change)
    {
        using var folder = new TemporaryDirectory();
        Directory.CreateDirectory(folder.Combine(".git", "refs", "heads"));
        File.WriteAllText(folder.Combine(".git", "HEAD"), "ref: refs/heads/main\n");
        File.WriteAllText(folder.Combine(".git", "refs", "heads", "main"), new string('a', 40) + "\n");
        File.WriteAllText(folder.Combine(".git", "config"), "[remote \"origin\"]\n\turl = https://github.com/contoso/app.git\n");
        var (first, _) = Remembering(folder);
        Assert.True(first.Execute());
        var report = folder.Combine("bin", "pipeline-security.sarif");

        var (next, engine) = Remembering(folder);
        switch (change)
        {
            case "a finding":
                next.Findings = next.Findings.Concat(new[] { new TaskItem("PSF7002", new System.Collections.Generic.Dictionary<string, string> { ["Message"] = "Another", ["File"] = folder.Combine(".github", "workflows", "ci.yml"), ["Line"] = "3" }) }).ToArray();
                break;
            case "the baseline":
                File.WriteAllText(folder.Combine("pipeline-security.baseline.json"), "{ \"version\": 1, \"findings\": [] }");
                break;
            case "the report deleted":
                File.Delete(report);
                break;
            case "the report edited":
                var text = File.ReadAllText(report);
                var time = File.GetLastWriteTimeUtc(report);
                File.WriteAllText(report, text.Replace("ci.yml", "cj.yml"));
                File.SetLastWriteTimeUtc(report, time);
                break;
            case "the commit":
                File.WriteAllText(folder.Combine(".git", "refs", "heads", "main"), new string('b', 40) + "\n");
                break;
            case "a setting":
                next.Configuration = "Release";
                break;
        }

        next.Execute();

        Assert.False(Skipped(engine));
        Assert.True(File.Exists(report));
        var sarif = File.ReadAllText(report);
        Assert.Contains("ci.yml", sarif);
        if (change == "the commit")
        {
            Assert.Contains(new string('b', 40), sarif);
        }
    }

    [Theory]
    [InlineData("a folder")]
    [InlineData("damaged")]
    [InlineData("binary")]
    public void A_cache_that_is_a_folder_or_damaged_only_costs_a_run(string cache)
    {
        using var folder = new TemporaryDirectory();
        var cacheFile = folder.Combine("obj", "pipeline-security", "sarif.written");
        Directory.CreateDirectory(Path.GetDirectoryName(cacheFile)!);
        switch (cache)
        {
            case "a folder":
                Directory.CreateDirectory(cacheFile);
                break;
            case "damaged":
                File.WriteAllText(cacheFile, "none\nnone\n");
                break;
            case "binary":
                File.WriteAllBytes(cacheFile, Enumerable.Range(0, 4096).Select(i => (byte)(i * 31)).ToArray());
                break;
        }

        for (var build = 0; build < 2; build++)
        {
            var (task, engine) = Remembering(folder);
            Assert.True(task.Execute(), string.Join("; ", engine.Errors.Select(e => e.Message)));
            Assert.Empty(engine.Warnings);
            Assert.Equal(cache != "a folder" && build == 1, Skipped(engine));
        }

        Assert.True(File.Exists(folder.Combine("bin", "pipeline-security.sarif")));
    }

    [Fact]
    public void Runs_merged_into_a_shared_file_are_written_by_every_build()
    {
        // One project that wrote the merged file again (it was deleted) must not leave the others' runs out of it.
        using var folder = new TemporaryDirectory();
        for (var build = 0; build < 2; build++)
        {
            var (task, engine) = Remembering(folder);
            task.SarifDirectory = folder.Combine("sarif");
            Assert.True(task.Execute());
            Assert.False(Skipped(engine));
            Assert.True(File.Exists(folder.Combine("sarif", "pipeline-security.sarif")));
            File.Delete(folder.Combine("sarif", "pipeline-security.sarif"));
        }
    }

    [Fact]
    public void A_run_that_warned_or_wrote_the_baseline_is_not_remembered()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(folder.Combine("log.sarif"), "{ not json");
        for (var build = 0; build < 2; build++)
        {
            var (task, engine) = Remembering(folder);
            task.ErrorLog = folder.Combine("log.sarif");
            task.Execute();
            Assert.False(Skipped(engine));
            Assert.Equal("PSF6010", Assert.Single(engine.Warnings).Code);
        }

        File.Delete(folder.Combine("log.sarif"));
        for (var build = 0; build < 2; build++)
        {
            var (task, engine) = Remembering(folder);
            task.BaselineUpdate = true;
            Assert.True(task.Execute());
            Assert.False(Skipped(engine));
        }
    }
}
