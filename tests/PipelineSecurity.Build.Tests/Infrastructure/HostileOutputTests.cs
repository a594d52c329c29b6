using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Policy.Inputs;
using Xunit;

namespace PipelineSecurity.Build.Tests.Infrastructure;

/// <summary>The output and concurrency rows of issue 12: odd entries at output paths, two builds writing one output, a log being rewritten.</summary>
public sealed class HostileOutputTests
{
    [Fact]
    public void A_dangling_link_at_an_output_path_is_replaced_by_the_file()
    {
        using var temp = new TemporaryDirectory();
        var output = HostileFiles.MakeSymbolicLink(temp.Combine("sbom.cdx.json"), temp.Combine("nowhere", "sbom.cdx.json"));

        Assert.True(OutputFile.WriteIfChanged(output, Encoding.UTF8.GetBytes("{}")));

        Assert.Equal(FileSystemEntryType.RegularFile, FileSystemEntry.Of(output));
        Assert.Equal("{}", File.ReadAllText(output));
        Assert.False(Directory.Exists(temp.Combine("nowhere")));
    }

    [Fact]
    public void A_fifo_at_an_output_path_is_replaced_without_being_opened()
    {
        if (!HostileFiles.HasFifos)
        {
            return;
        }

        using var temp = new TemporaryDirectory();
        var output = HostileFiles.MakeFifo(temp.Combine("policy.sarif"));
        var watch = Stopwatch.StartNew();

        Assert.True(OutputFile.WriteIfChanged(output, Encoding.UTF8.GetBytes("{}")));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(FileSystemEntryType.RegularFile, FileSystemEntry.Of(output));
    }

    [Fact]
    public void A_directory_at_an_output_path_is_PSF0004()
    {
        using var temp = new TemporaryDirectory();
        var output = Directory.CreateDirectory(temp.Combine("packages.json")).FullName;

        var failure = Assert.Throws<BuildDiagnosticException>(() => OutputFile.WriteIfChanged(output, Encoding.UTF8.GetBytes("{}")));

        Assert.Equal(BuildDiagnosticIds.OutputNotWritten, failure.Code);
    }

    [Fact]
    public void Many_writers_of_one_new_output_all_succeed_and_leave_one_whole_file()
    {
        using var temp = new TemporaryDirectory();
        var output = temp.Combine("out", "report.json");
        var content = Encoding.UTF8.GetBytes(new string('x', 100_000));

        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => OutputFile.WriteIfChanged(output, content));

        Assert.Equal(content, File.ReadAllBytes(output));
        Assert.Single(Directory.GetFiles(temp.Combine("out")));
    }

    [Fact]
    public async Task An_error_log_being_rewritten_by_another_compiler_is_read_once_it_is_complete()
    {
        using var temp = new TemporaryDirectory();
        var log = temp.Combine("app.pipeline-security.sarif");
        const string Complete = """{ "version": "2.1.0", "runs": [ { "results": [ { "ruleId": "PSF2001", "level": "warning", "message": { "text": "TLS" } } ] } ] }""";
        File.WriteAllText(log, Complete.Substring(0, 40)); // what a reader sees while the other compiler streams the log
        var writer = Task.Run(async () =>
        {
            await Task.Delay(400);
            File.WriteAllText(log, Complete);
        });

        var findings = AnalyzerFindingsReader.Read(log);

        await writer;
        Assert.Equal("PSF2001", Assert.Single(findings).RuleId);
    }

    [Fact]
    public void A_damaged_error_log_fails_at_once_and_an_unfinished_one_after_the_deadline()
    {
        using var temp = new TemporaryDirectory();
        var damaged = temp.Combine("damaged.sarif");
        File.WriteAllText(damaged, "{ \"version\": \"2.1.0\", \"runs\": ] }");
        var watch = Stopwatch.StartNew();
        Assert.Throws<InvalidDataException>(() => AnalyzerFindingsReader.Read(damaged));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1));

        var unfinished = temp.Combine("unfinished.sarif");
        File.WriteAllText(unfinished, "{ \"version\": \"2.1.0\", \"runs\": [");
        using (InputLimits.Parse("PipelineSecurityInputReadTimeout=1").Apply())
        {
            var failure = Assert.Throws<InvalidDataException>(() => AnalyzerFindingsReader.Read(unfinished));
            Assert.Contains("incomplete", failure.Message);
        }
    }
}

public sealed class MoveFileAtomicallyTests
{
    [Fact]
    public void Renames_over_the_destination_and_leaves_a_missing_source_alone()
    {
        using var temp = new TemporaryDirectory();
        var source = temp.Combine("app.pipeline-security.1234.sarif");
        var destination = temp.Combine("app.pipeline-security.sarif");
        File.WriteAllText(source, "new");
        File.WriteAllText(destination, "old");

        Assert.True(new MoveFileAtomically { BuildEngine = new RecordingBuildEngine(), Source = source, Destination = destination }.Execute());
        Assert.Equal("new", File.ReadAllText(destination));
        Assert.False(File.Exists(source));

        Assert.True(new MoveFileAtomically { BuildEngine = new RecordingBuildEngine(), Source = source, Destination = destination }.Execute());
        Assert.Equal("new", File.ReadAllText(destination));
    }
}
