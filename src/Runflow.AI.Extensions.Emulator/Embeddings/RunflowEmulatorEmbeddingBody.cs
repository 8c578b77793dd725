namespace Runflow.AI.Extensions.Emulator;

/// <summary>One vector of an embeddings body: <c>{ "object": "embedding", "index", "embedding" }</c>.</summary>
/// <param name="Object">Always <c>embedding</c>.</param>
/// <param name="Index">The input's position.</param>
/// <param name="Embedding">The vector, each float in its shortest round-trippable form.</param>
internal sealed record RunflowEmulatorEmbeddingBody(string Object, int Index, float[] Embedding);
