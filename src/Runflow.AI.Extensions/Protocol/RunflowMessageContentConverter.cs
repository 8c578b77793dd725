using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Writes a <see cref="RunflowMessageContent"/> as a string, null, or an array of parts.</summary>
internal sealed class RunflowMessageContentConverter : JsonConverter<RunflowMessageContent>
{
    public override RunflowMessageContent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Message content is only written.");

    public override void Write(Utf8JsonWriter writer, RunflowMessageContent value, JsonSerializerOptions options)
    {
        if (value.Parts is { } parts)
        {
            JsonSerializer.Serialize(writer, parts, RunflowJsonContext.Default.ListRunflowContentPart);
        }
        else if (value.Text is { } text)
        {
            writer.WriteStringValue(text);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
