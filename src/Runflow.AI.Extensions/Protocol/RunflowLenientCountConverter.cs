using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Reads a token count that may come as a number or a numeric string; anything else (a fraction, an
/// overflow such as <c>1e400</c>, a word, an object) is dropped rather than failing the response it belongs to.</summary>
internal sealed class RunflowLenientCountConverter : JsonConverter<long?>
{
    /// <summary>Reads a count held in an element (a field of a usage details object), by the same rules.</summary>
    public static long? Read(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.TryGetInt64(out var number) ? number : null,
        JsonValueKind.String => Parse(RunflowJson.GetLenientString(element)),
        _ => null,
    };

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Read(ref reader);

    /// <summary>Reads the count at the reader's current token, skipping a value that is not one.</summary>
    public static long? Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var number) ? number : null;
            case JsonTokenType.String:
                return Parse(reader.GetString());
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } count)
        {
            writer.WriteNumberValue(count);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static long? Parse(string? text) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
}
