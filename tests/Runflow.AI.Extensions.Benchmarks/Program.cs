using BenchmarkDotNet.Running;
using Runflow.AI.Extensions.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create());
