namespace Runflow.AI.Extensions.Emulator;

/// <summary>The answer to a memory summarize, inside the success envelope: <c>{ summary }</c>.</summary>
internal sealed record RunflowEmulatorMemorySummaryBody(string Summary);
