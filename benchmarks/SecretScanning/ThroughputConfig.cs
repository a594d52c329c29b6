using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace PipelineSecurity.Benchmarks.SecretScanning;

/// <summary>A short in-process job (the machine is shared) and an MB/s column: corpus size over mean time.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        // In-process: BenchmarkDotNet's generated project would sit under the repository and inherit its package pins.
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(new ThroughputColumn());
    }

    private sealed class ThroughputColumn : IColumn
    {
        public string Id => nameof(ThroughputColumn);

        public string ColumnName => "MB/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Megabytes (2^20 characters) of corpus scanned per second";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            var report = summary.Reports.FirstOrDefault(r => r.BenchmarkCase == benchmarkCase);
            var meanNanoseconds = report?.ResultStatistics?.Mean;
            if (meanNanoseconds is null or 0)
            {
                return "-";
            }

            var megabytes = SecretScanningBenchmarks.CorpusBytes / (1024.0 * 1024.0);
            return (megabytes / (meanNanoseconds.Value / 1e9)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        }

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
