using BenchmarkDotNet.Running;
using Runflow.AI.Extensions.Benchmarks;

if (args is ["load", ..])
{
    await LoadProfile.RunAsync(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create());
