using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using PipelineSecurity.Analyzers.Secrets.Detection;

namespace PipelineSecurity.Benchmarks.SecretScanning;

/// <summary>
/// Throughput of the detection layer on an 8 MB corpus (the MB/s column): free-text scanning as the C# analyzer runs it
/// on literals, and the line-by-line configuration-file scan with key/value scoring.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class SecretScanningBenchmarks
{
    public const int CorpusBytes = 8 * 1024 * 1024;

    private readonly List<SecretFinding> _findings = new();
    private string _code = "";
    private string _configuration = "";
    private string[] _codeLines = System.Array.Empty<string>();

    [GlobalSetup]
    public void Setup()
    {
        _code = Corpus.Code(CorpusBytes);
        _configuration = Corpus.Configuration(CorpusBytes);
        _codeLines = _code.Split('\n');
    }

    /// <summary>The whole code corpus as one text (the 10 MB-literal case).</summary>
    [Benchmark]
    public int FreeTextScan_CodeCorpus()
    {
        _findings.Clear();
        SecretScanner.ScanText(_code, SecretScanOptions.Default, _findings);
        return _findings.Count;
    }

    /// <summary>Line by line, as the C# analyzer sees many small literals (each pays the per-call overhead).</summary>
    [Benchmark]
    public int PerLineScan_CodeCorpus()
    {
        var count = 0;
        foreach (var line in _codeLines)
        {
            _findings.Clear();
            SecretScanner.ScanText(line, SecretScanOptions.Default, _findings);
            count += _findings.Count;
        }

        return count;
    }

    /// <summary>The configuration-file analyzer's scan: every detector per line plus key/value scoring.</summary>
    [Benchmark]
    public int ConfigurationFileScan()
    {
        _findings.Clear();
        ConfigurationFileScanner.Scan(_configuration, SecretScanOptions.Default, _findings);
        return _findings.Count;
    }
}
