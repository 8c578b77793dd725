using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// The body of a chat-completion response: bare, or wrapped as <c>{ "success": true, "data": { … } }</c>.
/// Every field is optional, so any plausible variant reads.
/// </summary>
internal sealed class RunflowChatResponse
{
    public bool? Success { get; set; }

    /// <summary>The wrapped response when the body is an envelope.</summary>
    public RunflowChatResponse? Data { get; set; }

    /// <summary>An error text or object; a string, <c>{ "message": … }</c> or anything else.</summary>
    public JsonElement? Error { get; set; }

    [JsonConverter(typeof(RunflowLenientStringConverter))]
    public string? Message { get; set; }

    [JsonConverter(typeof(RunflowLenientStringConverter))]
    public string? Text { get; set; }

    public string? FinishReason { get; set; }

    public RunflowUsage? Usage { get; set; }

    public string? Model { get; set; }

    public List<RunflowResponseToolCall>? ToolCalls { get; set; }

    /// <summary>Reasoning text; read as an element because providers differ in what they put here.</summary>
    public JsonElement? Thinking { get; set; }

    public JsonElement? Reasoning { get; set; }

    /// <summary>Fields this client does not know, handed to the caller in <c>ChatResponse.AdditionalProperties</c>.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
