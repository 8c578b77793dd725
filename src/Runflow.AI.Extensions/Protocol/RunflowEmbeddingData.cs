using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The <c>data</c> of an embeddings response: an array of items, or an object (the response an envelope wraps).</summary>
[JsonConverter(typeof(RunflowEmbeddingDataConverter))]
internal sealed class RunflowEmbeddingData
{
    public List<RunflowEmbeddingItem>? Items { get; init; }

    public RunflowEmbeddingResponse? Wrapped { get; init; }
}
