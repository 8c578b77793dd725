using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// Writes a request's functions as <c>tools</c>, in OpenAI's tool shape, each serialized once per function instance:
/// a repeated call with the same tools copies their bytes instead of writing their schemas again.
/// </summary>
/// <remarks>A declaration is taken not to change its name, description or schema once made, as Microsoft.Extensions.AI's
/// own schema caches take it.</remarks>
internal sealed class RunflowToolsConverter : JsonConverter<RunflowToolList>
{
    private static readonly ConditionalWeakTable<AIFunctionDeclaration, byte[]> Serialized = new();

    // Requests are only ever written; nothing reads one back.
    public override RunflowToolList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A request's tools are only written.");

    public override void Write(Utf8JsonWriter writer, RunflowToolList value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        if (value.Tools is { } tools)
        {
            for (var i = 0; i < tools.Count; i++)
            {
                if (tools[i] is AIFunctionDeclaration function)
                {
                    writer.WriteRawValue(Serialized.GetValue(function, Serialize), skipInputValidation: true);
                }
            }
        }

        writer.WriteEndArray();
    }

    private static byte[] Serialize(AIFunctionDeclaration function)
    {
        var tool = new RunflowTool
        {
            Function = new RunflowFunctionDefinition
            {
                Name = function.Name,
                Description = string.IsNullOrEmpty(function.Description) ? null : function.Description,
                Parameters = function.JsonSchema,
            },
        };

        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json, RunflowJson.WriterOptions))
        {
            JsonSerializer.Serialize(writer, tool, RunflowJson.BodyContext.RunflowTool);
        }

        return json.WrittenSpan.ToArray();
    }
}
