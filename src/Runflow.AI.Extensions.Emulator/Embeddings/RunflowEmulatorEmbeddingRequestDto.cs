using System.Text.Json;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>An embeddings body, as schema-checked; <c>input</c> is a string or an array of strings.</summary>
internal sealed record RunflowEmulatorEmbeddingRequestDto(JsonElement Input, string? Model, double? Dimensions);
