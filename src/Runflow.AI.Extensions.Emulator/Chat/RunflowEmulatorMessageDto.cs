using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>One item of a chat body's <c>messages</c>.</summary>
internal sealed record RunflowEmulatorMessageDto(
    string Role,
    JsonElement? Content,
    [property: JsonPropertyName("tool_calls")] IReadOnlyList<RunflowEmulatorToolCallDto>? ToolCalls,
    [property: JsonPropertyName("tool_call_id")] string? ToolCallId,
    string? Name);
