using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// Token counts of a response, in every spelling a gateway passes on (camelCase, snake_case, Anthropic's cache fields);
/// a count that is not a whole number is dropped. Fields not named here, such as the <c>*_details</c> objects, are kept
/// in <see cref="AdditionalProperties"/> for <see cref="RunflowResponseMapper.ToUsage"/> to read.
/// </summary>
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

    [JsonConverter(typeof(RunflowLenientCountConverter))]
    public long? CachedTokens { get; set; }

    [JsonConverter(typeof(RunflowLenientCountConverter))]
    [JsonPropertyName("cached_tokens")]
    public long? CachedTokensSnakeCase { get; set; }

    [JsonConverter(typeof(RunflowLenientCountConverter))]
    public long? CacheReadInputTokens { get; set; }

    [JsonConverter(typeof(RunflowLenientCountConverter))]
    [JsonPropertyName("cache_read_input_tokens")]
    public long? CacheReadInputTokensSnakeCase { get; set; }

    [JsonConverter(typeof(RunflowLenientCountConverter))]
    public long? ReasoningTokens { get; set; }

    [JsonConverter(typeof(RunflowLenientCountConverter))]
    [JsonPropertyName("reasoning_tokens")]
    public long? ReasoningTokensSnakeCase { get; set; }

    /// <summary>Every other field: further counts, and the details objects (<c>prompt_tokens_details</c>, …).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
