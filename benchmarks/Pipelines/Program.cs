using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Running;
using PipelineSecurity.Build.Pipelines;
using PipelineSecurity.Build.Pipelines.Configuration;

namespace PipelineSecurity.Pipelines.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--phases")
        {
            Phases(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    /// <summary>Where a full check's time goes (median of 7 runs per phase), to find what to optimise.</summary>
    private static void Phases(int workflows)
    {
        var root = WorkflowCorpus.Create(workflows);
        try
        {
            var files = RepositoryFiles.Find(root);
            void Time(string name, Action action)
            {
                action();
                var process = Process.GetCurrentProcess();
                var runs = Enumerable.Range(0, 7).Select(_ =>
                {
                    process.Refresh();
                    var cpu = process.TotalProcessorTime;
                    var watch = Stopwatch.StartNew();
                    action();
                    process.Refresh();
                    return (Wall: watch.Elapsed.TotalMilliseconds, Cpu: (process.TotalProcessorTime - cpu).TotalMilliseconds);
                }).ToArray();
                var wall = runs.Select(r => r.Wall).OrderBy(t => t).ElementAt(3);
                var cpuMedian = runs.Select(r => r.Cpu).OrderBy(t => t).ElementAt(3);
                Console.WriteLine($"{name,-40} median wall {wall,8:F1} ms   median CPU {cpuMedian,8:F1} ms");
            }

            Time("walk", () => RepositoryFiles.Find(root));
            Time("read + parse YAML", () => { foreach (var f in files) { PipelineChecker.Load(f, new()); } });
            Time("secrets (SecretDetection.ScanFile)", () =>
            {
                foreach (var f in files)
                {
                    Analyzers.Secrets.Detection.SecretDetection.ScanFile(File.ReadAllText(f.FullPath), f.RelativePath);
                }
            });
            Time("full check", () => PipelineChecker.Check(root, files, new RuleOptions(new EditorConfigFiles(root)), null));
            var cache = root + ".result.txt";
            var first = PipelineCheckRunner.CheckWithCache(root, cache);
            Console.WriteLine($"({first.FileCount} files, {first.Findings.Count} findings)");
            Time("no-op (stamp unchanged, from cache)", () => PipelineCheckRunner.CheckWithCache(root, cache));
            File.Delete(cache);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
