using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>One item of the request's <c>messages</c>, in OpenAI's shape.</summary>
internal sealed class RunflowMessage
{
    public required string Role { get; init; }

    /// <summary>The text, or the parts of a user message that holds images or files; written even when null, as
    /// OpenAI-style servers expect the field on every message.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public RunflowMessageContent Content { get; set; }

    [JsonPropertyName("tool_calls")]
    public List<RunflowToolCall>? ToolCalls { get; set; }

    [JsonPropertyName("tool_call_id")]
    public string? ToolCallId { get; init; }

    public string? Name { get; init; }
}
