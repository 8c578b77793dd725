using System.Text.Json.Nodes;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>The <c>function</c> of a tool: its name, what it does and the JSON schema of its arguments.</summary>
internal sealed record RunflowEmulatorFunctionDto(string Name, string? Description, JsonNode? Parameters);
