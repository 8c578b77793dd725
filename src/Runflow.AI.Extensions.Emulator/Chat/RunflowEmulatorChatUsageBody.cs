using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>The <c>usage</c> of a chat-completion body.</summary>
/// <param name="PromptTokens">The prompt's token count.</param>
/// <param name="CompletionTokens">The completion's token count.</param>
/// <param name="TotalTokens">The total token count.</param>
/// <param name="CachedTokens">The cached prompt tokens, written only when scripted.</param>
/// <param name="ReasoningTokens">The reasoning tokens, written only when scripted.</param>
internal sealed record RunflowEmulatorChatUsageBody(
    int PromptTokens,
    int CompletionTokens,
    int TotalTokens,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? CachedTokens,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ReasoningTokens);
