namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>
/// Tests that measure the whole process's allocations run alone: a test running beside them would count in their
/// measure.
/// </summary>
[CollectionDefinition(nameof(AllocationMeasuredCollection), DisableParallelization = true)]
public sealed class AllocationMeasuredCollection;
