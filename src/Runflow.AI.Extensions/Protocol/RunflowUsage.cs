using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Token counts of a response, in camelCase or snake_case; a count that is not a whole number is dropped.</summary>
internal sealed class RunflowUsage
{
    [JsonConverter(typeof(RunflowLenientCountConverter))]
    public long? PromptTokens { get; set; }

    [JsonConverter(typeof(RunflowLenientCountConverter))]
    public long? CompletionTokens { get; set; }

    [JsonConverter(typeof(RunflowLenientCountConverter))]
    public long? TotalTokens { get; set; }

    [JsonConverter(typeof(RunflowLenientCountConverter))]
    [JsonPropertyName("prompt_tokens")]
    public long? PromptTokensSnakeCase { get; set; }

    [JsonConverter(typeof(RunflowLenientCountConverter))]
    [JsonPropertyName("completion_tokens")]
    public long? CompletionTokensSnakeCase { get; set; }

    [JsonConverter(typeof(RunflowLenientCountConverter))]
    [JsonPropertyName("total_tokens")]
    public long? TotalTokensSnakeCase { get; set; }
}
