using BenchmarkDotNet.Running;

namespace PipelineSecurity.Policy.Benchmarks;

public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
