using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Reads <see cref="RunflowEmbeddingData"/> in one pass, whichever shape it has.</summary>
internal sealed class RunflowEmbeddingDataConverter : JsonConverter<RunflowEmbeddingData>
{
    public override RunflowEmbeddingData? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.StartArray => new RunflowEmbeddingData
        {
            Items = JsonSerializer.Deserialize(ref reader, RunflowJsonContext.Default.ListRunflowEmbeddingItem),
        },
        JsonTokenType.StartObject => new RunflowEmbeddingData
        {
            Wrapped = JsonSerializer.Deserialize(ref reader, RunflowJsonContext.Default.RunflowEmbeddingResponse),
        },
        _ => throw new JsonException($"Embeddings 'data' is a JSON {reader.TokenType}, not an array or an object."),
    };

    public override void Write(Utf8JsonWriter writer, RunflowEmbeddingData value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Embeddings data is only read.");
}
