namespace Runflow.AI.Extensions.Emulator;

/// <summary>Token counts to put in a scripted <see cref="RunflowEmulatorReply"/>.</summary>
public sealed class RunflowEmulatorUsage
{
    /// <summary>Gets the number of prompt tokens.</summary>
    public int PromptTokens { get; init; }

    /// <summary>Gets the number of completion tokens.</summary>
    public int CompletionTokens { get; init; }

    /// <summary>Gets the total number of tokens.</summary>
    /// <value>The default is <see langword="null"/>: the sum of <see cref="PromptTokens"/> and <see cref="CompletionTokens"/>.</value>
    public int? TotalTokens { get; init; }

    /// <summary>Gets the number of prompt tokens read from the provider's cache, sent as <c>cachedTokens</c> on chat
    /// and <c>prompt_tokens_details.cached_tokens</c> on embeddings.</summary>
    /// <value>The default is <see langword="null"/>: not sent.</value>
    public int? CachedTokens { get; init; }

    /// <summary>Gets the number of completion tokens spent on reasoning, sent as <c>reasoningTokens</c> on chat and
    /// <c>completion_tokens_details.reasoning_tokens</c> on embeddings.</summary>
    /// <value>The default is <see langword="null"/>: not sent.</value>
    public int? ReasoningTokens { get; init; }
}
