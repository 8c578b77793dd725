using System.Text.Json;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>The <c>function</c> of a tool call; <c>arguments</c> is JSON text, or JSON itself.</summary>
internal sealed record RunflowEmulatorFunctionCallDto(string Name, JsonElement? Arguments);
