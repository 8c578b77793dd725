using System.Text.Json;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>One of an assistant message's <c>tool_calls</c>: OpenAI's shape, or its function's fields at the top.</summary>
internal sealed record RunflowEmulatorToolCallDto(string? Id, RunflowEmulatorFunctionCallDto? Function, string? Name, JsonElement? Arguments);
