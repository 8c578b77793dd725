using BenchmarkDotNet.Running;
using Runflow.AI.Extensions.Benchmarks;

if (args is ["stub", ..])
{
    await BenchmarkStub.ServeAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0);
    return;
}

if (args is ["latency", ..])
{
    await LatencyProfile.RunAsync(args);
    return;
}

if (args is ["load", ..])
{
    await LoadProfile.RunAsync(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create());
