using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Token counts of a response, in camelCase or snake_case.</summary>
internal sealed class RunflowUsage
{
    public long? PromptTokens { get; set; }

    public long? CompletionTokens { get; set; }

    public long? TotalTokens { get; set; }

    [JsonPropertyName("prompt_tokens")]
    public long? PromptTokensSnakeCase { get; set; }

    [JsonPropertyName("completion_tokens")]
    public long? CompletionTokensSnakeCase { get; set; }

    [JsonPropertyName("total_tokens")]
    public long? TotalTokensSnakeCase { get; set; }
}
