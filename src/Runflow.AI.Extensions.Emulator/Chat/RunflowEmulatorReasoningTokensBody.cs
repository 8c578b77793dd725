using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>OpenAI's <c>completion_tokens_details</c>: <c>{ "reasoning_tokens" }</c>.</summary>
/// <param name="ReasoningTokens">The reasoning tokens.</param>
internal sealed record RunflowEmulatorReasoningTokensBody([property: JsonPropertyName("reasoning_tokens")] int ReasoningTokens);
