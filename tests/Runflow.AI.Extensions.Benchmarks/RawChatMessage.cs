namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>One text message of a <see cref="RawChatRequest"/>.</summary>
internal sealed class RawChatMessage
{
    public required string Role { get; init; }

    public required string Content { get; init; }
}
