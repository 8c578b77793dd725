using System.Text.Json.Nodes;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>The <c>json_schema</c> of a response format.</summary>
internal sealed record RunflowEmulatorJsonSchemaDto(JsonNode? Schema, string? Name, string? Description, bool? Strict);
