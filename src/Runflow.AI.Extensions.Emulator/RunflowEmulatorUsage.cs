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
}
