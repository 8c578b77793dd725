using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The body of a chat or chat-stream request. Unset fields are omitted.</summary>
internal sealed class RunflowChatRequest
{
    public string? ProjectId { get; set; }

    public string? Provider { get; set; }

    public string? Model { get; set; }

    public RunflowMessageList Messages { get; set; }

    public string? ProviderName { get; set; }

    public bool? Legacy { get; set; }

    public string? Instructions { get; set; }

    public float? Temperature { get; set; }

    public int? MaxTokens { get; set; }

    public float? TopP { get; set; }

    public int? TopK { get; set; }

    public float? FrequencyPenalty { get; set; }

    public float? PresencePenalty { get; set; }

    public IList<string>? Stop { get; set; }

    public long? Seed { get; set; }

    public RunflowToolList? Tools { get; set; }

    public RunflowResponseFormat? ResponseFormat { get; set; }

    public RunflowThinking? Thinking { get; set; }

    public List<RunflowServerTool>? ServerTools { get; set; }

    public RunflowToolChoice? ToolChoice { get; set; }

    /// <summary>Caller-supplied top-level fields, written as they are after the others (by
    /// <see cref="RunflowPooledJsonContent"/>, since an extension-data property would keep the serializer off its generated
    /// fast path).</summary>
    [JsonIgnore]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
