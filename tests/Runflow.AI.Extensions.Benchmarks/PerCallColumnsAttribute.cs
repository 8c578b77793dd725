using BenchmarkDotNet.Attributes;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>Adds <see cref="PerCallColumn"/>s to a class whose invocations each make <c>Callers</c> calls.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class PerCallColumnsAttribute() : ColumnConfigBaseAttribute(PerCallColumn.Throughput, PerCallColumn.Allocated);
