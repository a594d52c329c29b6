using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using PipelineSecurity.Build.Pipelines;
using PipelineSecurity.Build.Pipelines.Configuration;

namespace PipelineSecurity.Pipelines.Benchmarks;

/// <summary>
/// The owner project's cost per build, on a generated repository of 200 workflows (plus 5 composite actions and 20
/// project folders): a full check (files changed), the content-key path (files touched, same bytes: read, no parse),
/// the no-op path (stamp unchanged: walk and stat only), and the walk alone as the floor of any no-op.
/// </summary>
[MemoryDiagnoser]
public class PipelineCheckBenchmarks
{
    private string _root = string.Empty;
    private string _cache = string.Empty;

    [Params(200)]
    public int Workflows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = WorkflowCorpus.Create(Workflows);
        _cache = Path.Combine(_root, "..", Path.GetFileName(_root) + ".result.txt");
        PipelineCheckRunner.CheckWithCache(_root, _cache);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Directory.Delete(_root, recursive: true);
        File.Delete(_cache);
    }

    [Benchmark(Description = "full check (parse + rules + secrets), no cache")]
    public int FullCheck() => PipelineChecker.Check(_root, RepositoryFiles.Find(_root), new RuleOptions(new EditorConfigFiles(_root)), null).Count;

    [Benchmark(Description = "no-op build: stamp unchanged, findings from cache")]
    public int NoOp() => PipelineCheckRunner.CheckWithCache(_root, _cache).Findings.Count;

    [Benchmark(Description = "files touched, same bytes: content key, no parse")]
    public int SameContent()
    {
        File.SetLastWriteTimeUtc(Path.Combine(_root, ".github", "workflows", "workflow-000.yml"), DateTime.UtcNow);
        return PipelineCheckRunner.CheckWithCache(_root, _cache).Findings.Count;
    }

    [Benchmark(Baseline = true, Description = "floor: the repository walk alone")]
    public int WalkOnly() => RepositoryFiles.Find(_root).Count;
}
