namespace Runflow.AI.Extensions.Emulator;

/// <summary>An embeddings body in OpenAI's shape: <c>{ "object": "list", "data": [ … ], "model", "usage" }</c>.</summary>
/// <param name="Object">Always <c>list</c>.</param>
/// <param name="Data">The vectors, in input order.</param>
/// <param name="Model">The model name.</param>
/// <param name="Usage">The token counts.</param>
internal sealed record RunflowEmulatorEmbeddingsBody(
    string Object,
    IReadOnlyList<RunflowEmulatorEmbeddingBody> Data,
    string Model,
    RunflowEmulatorEmbeddingsUsageBody Usage);
