using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>The <c>usage</c> of an embeddings body, in OpenAI's snake_case, with the details objects only when scripted.</summary>
/// <param name="PromptTokens">The prompt's token count.</param>
/// <param name="TotalTokens">The total token count.</param>
/// <param name="PromptTokensDetails">The cached tokens, when scripted.</param>
/// <param name="CompletionTokensDetails">The reasoning tokens, when scripted.</param>
internal sealed record RunflowEmulatorEmbeddingsUsageBody(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("total_tokens")] int TotalTokens,
    [property: JsonPropertyName("prompt_tokens_details"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RunflowEmulatorCachedTokensBody? PromptTokensDetails,
    [property: JsonPropertyName("completion_tokens_details"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RunflowEmulatorReasoningTokensBody? CompletionTokensDetails);
