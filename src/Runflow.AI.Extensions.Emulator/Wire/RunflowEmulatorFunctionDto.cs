using System.Text.Json.Nodes;

namespace Runflow.AI.Extensions.Emulator.Wire;

/// <summary>The <c>function</c> of a tool: its name and the JSON schema of its arguments.</summary>
internal sealed record RunflowEmulatorFunctionDto(string Name, JsonNode? Parameters);
