using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>A chat-completion body: text, finishReason, usage, model, then toolCalls and thinking when present.</summary>
/// <param name="Text">The reply text.</param>
/// <param name="FinishReason">Why the reply ended.</param>
/// <param name="Usage">The token counts.</param>
/// <param name="Model">The model name.</param>
/// <param name="ToolCalls">The tool calls, left out when there are none.</param>
/// <param name="Thinking">The reasoning text, left out when there is none.</param>
internal sealed record RunflowEmulatorChatBody(
    string Text,
    string FinishReason,
    RunflowEmulatorChatUsageBody Usage,
    string Model,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<RunflowEmulatorToolCallBody>? ToolCalls,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Thinking);
