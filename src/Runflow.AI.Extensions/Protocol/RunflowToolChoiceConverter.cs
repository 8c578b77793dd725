using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Writes a <see cref="RunflowToolChoice"/> as a string or as OpenAI's function object.</summary>
internal sealed class RunflowToolChoiceConverter : JsonConverter<RunflowToolChoice>
{
    public override RunflowToolChoice Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("toolChoice is only written.");

    public override void Write(Utf8JsonWriter writer, RunflowToolChoice value, JsonSerializerOptions options)
    {
        if (value.FunctionName is null)
        {
            writer.WriteStringValue(value.Mode);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", value.FunctionName);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
