using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>A chat body's <c>responseFormat</c>; the schema may be in <c>json_schema.schema</c> or, flat, in <c>schema</c>.</summary>
internal sealed record RunflowEmulatorResponseFormatDto(
    string Type,
    [property: JsonPropertyName("json_schema")] RunflowEmulatorJsonSchemaDto? JsonSchema,
    JsonNode? Schema);
