using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>OpenAI's <c>prompt_tokens_details</c>: <c>{ "cached_tokens" }</c>.</summary>
/// <param name="CachedTokens">The cached prompt tokens.</param>
internal sealed record RunflowEmulatorCachedTokensBody([property: JsonPropertyName("cached_tokens")] int CachedTokens);
