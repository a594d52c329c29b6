using BenchmarkDotNet.Running;

namespace PipelineSecurity.Pipelines.Benchmarks;

public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
