using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(PipelineSecurity.Benchmarks.SecretScanning.SecretScanningBenchmarks).Assembly).Run(args);
