using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Writes a <see cref="RunflowMessageList"/> through <see cref="RunflowMessageWriter"/>.</summary>
internal sealed class RunflowMessageListConverter : JsonConverter<RunflowMessageList>
{
    // Requests are only ever written; nothing reads one back.
    public override RunflowMessageList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A request's messages are only written.");

    public override void Write(Utf8JsonWriter writer, RunflowMessageList value, JsonSerializerOptions options) =>
        RunflowMessageWriter.Write(writer, value.Messages);
}
