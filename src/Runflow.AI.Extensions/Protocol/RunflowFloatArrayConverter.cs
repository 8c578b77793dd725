using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// Reads embedding vectors straight into arrays of their exact size: the serializer's own array path grows a list and
/// checks number handling on every element, which costs more than the parsing itself for vectors of thousands of floats.
/// </summary>
internal sealed class RunflowFloatArrayConverter : JsonConverter<float[]>
{
    public override float[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"An embedding is a JSON {reader.TokenType}, not an array of numbers.");
        }

        var buffer = ArrayPool<float>.Shared.Rent(1024);
        var count = 0;
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<float>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan().CopyTo(larger);
                    ArrayPool<float>.Shared.Return(buffer);
                    buffer = larger;
                }

                buffer[count++] = reader.TokenType switch
                {
                    JsonTokenType.Number when reader.TryGetSingle(out var value) => value,
                    JsonTokenType.String when float.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
                    _ => throw new JsonException($"An embedding holds a JSON {reader.TokenType} where a number belongs."),
                };
            }

            return buffer.AsSpan(0, count).ToArray();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    public override void Write(Utf8JsonWriter writer, float[] value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Embedding vectors are only read.");
}
