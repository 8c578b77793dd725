namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>The serialization floor's copy of the Runflow request body: only the fields the benchmark sends, in the same order.</summary>
internal sealed class RawChatRequest
{
    public required string ProjectId { get; init; }

    public required string Provider { get; init; }

    public required string Model { get; init; }

    public required RawChatMessage[] Messages { get; init; }

    public RawTool[]? Tools { get; init; }
}
