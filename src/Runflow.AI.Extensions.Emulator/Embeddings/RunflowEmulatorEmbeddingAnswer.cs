namespace Runflow.AI.Extensions.Emulator;

/// <summary>What the emulator answers to one valid embeddings request, before it is written as JSON.</summary>
internal sealed class RunflowEmulatorEmbeddingAnswer
{
    /// <summary>Gets the vectors, in input order.</summary>
    public required IReadOnlyList<float[]> Vectors { get; init; }

    /// <summary>Gets the model name.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the number of prompt tokens.</summary>
    public int PromptTokens { get; init; }

    /// <summary>Gets the total number of tokens.</summary>
    public int TotalTokens { get; init; }

    /// <summary>Gets the scripted number of cached prompt tokens, if any.</summary>
    public int? CachedTokens { get; init; }

    /// <summary>Gets the scripted number of reasoning tokens, if any.</summary>
    public int? ReasoningTokens { get; init; }
}
