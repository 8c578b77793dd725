using System.Text.Json;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// The body of an embeddings response: OpenAI's <c>{ data: [ { index, embedding } ], model, usage }</c>, a bare
/// <c>{ embeddings: [[…]] }</c>, or either inside a <c>{ success, data }</c> envelope.
/// </summary>
internal sealed class RunflowEmbeddingResponse
{
    public bool? Success { get; set; }

    /// <summary>The OpenAI-shaped items, or the wrapped response when the body is an envelope.</summary>
    public RunflowEmbeddingData? Data { get; set; }

    public List<float[]>? Embeddings { get; set; }

    public string? Model { get; set; }

    public RunflowUsage? Usage { get; set; }

    public JsonElement? Error { get; set; }

    public string? Message { get; set; }
}
