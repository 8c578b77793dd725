using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// Token counts of a response, each taken from whichever spelling a gateway passed on (camelCase, snake_case,
/// Anthropic's cache fields); a count that is not a whole number is dropped. Fields not named here, such as the
/// <c>*_details</c> objects, are kept in <see cref="AdditionalProperties"/> for <see cref="RunflowResponseMapper.ToUsage"/> to read.
/// </summary>
/// <remarks>Read by <see cref="RunflowUsageConverter"/>, which knows the spellings and which one wins.</remarks>
[JsonConverter(typeof(RunflowUsageConverter))]
internal sealed class RunflowUsage
{
    public long? PromptTokens { get; set; }

    public long? CompletionTokens { get; set; }

    public long? TotalTokens { get; set; }

    public long? CachedTokens { get; set; }

    public long? ReasoningTokens { get; set; }

    /// <summary>Every other field: further counts, and the details objects (<c>prompt_tokens_details</c>, …).</summary>
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
