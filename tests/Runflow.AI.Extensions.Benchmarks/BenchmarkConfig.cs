using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>A short job that keeps the whole suite to a few minutes on two cores.</summary>
/// <remarks>
/// In-process: the stub server is started once and every class shares it, and nothing is rebuilt per benchmark.
/// The price is that memory figures are process-wide, so every networked row includes the stub's own allocations.
/// </remarks>
internal static class BenchmarkConfig
{
    /// <summary>Creates the configuration <c>Program</c> runs with.</summary>
    public static IConfig Create() =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(8)
                .WithId("Short"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(BaselineRatioColumn.RatioMean, BaselineAllocationRatioColumn.RatioMean)
            .HideColumns(Column.Error, Column.RatioSD, Column.Gen0, Column.Gen1, Column.Gen2)
            .WithOptions(ConfigOptions.DisableLogFile);
}
