namespace Runflow.AI.Extensions.Protocol;

/// <summary>One vector of an OpenAI-shaped embeddings response.</summary>
internal sealed class RunflowEmbeddingItem
{
    public int? Index { get; set; }

    public float[]? Embedding { get; set; }
}
