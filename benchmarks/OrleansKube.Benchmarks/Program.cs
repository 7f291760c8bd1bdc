using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(OrleansKube.Benchmarks.SchedulingCycleBenchmarks).Assembly).Run(args);
