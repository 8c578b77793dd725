using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// A figure per call for a benchmark whose invocation makes <c>Callers</c> calls at once: calls per second (from the
/// mean) or bytes allocated per call.
/// </summary>
internal sealed class PerCallColumn : IColumn
{
    private readonly bool _throughput;

    private PerCallColumn(bool throughput) => _throughput = throughput;

    /// <summary>Gets the calls-per-second column.</summary>
    public static IColumn Throughput { get; } = new PerCallColumn(throughput: true);

    /// <summary>Gets the allocated-bytes-per-call column.</summary>
    public static IColumn Allocated { get; } = new PerCallColumn(throughput: false);

    public string Id => _throughput ? "CallsPerSecond" : "AllocatedPerCall";

    public string ColumnName => _throughput ? "Calls/s" : "Alloc/call";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => _throughput ? 0 : 1;

    public bool IsNumeric => true;

    public UnitType UnitType => _throughput ? UnitType.Dimensionless : UnitType.Size;

    public string Legend => _throughput
        ? "Calls completed per second: Callers divided by Mean"
        : "Bytes allocated per call: Allocated divided by Callers";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } statistics || benchmarkCase.Parameters["Callers"] is not int callers)
        {
            return "-";
        }

        if (_throughput)
        {
            return (callers / (statistics.Mean / 1e9)).ToString("N0", CultureInfo.InvariantCulture);
        }

        return report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is { } bytes
            ? (bytes / (double)callers / 1024).ToString("N2", CultureInfo.InvariantCulture) + " KB"
            : "-";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
