namespace Runflow.AI.Extensions.Emulator;

/// <summary>What the emulator answers to one valid request, before it is written as JSON or streamed.</summary>
internal sealed class RunflowEmulatorAnswer
{
    /// <summary>Gets the reply text; empty for a tool-call answer.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the tool calls, in order.</summary>
    public IReadOnlyList<RunflowEmulatorToolCallRecord> ToolCalls { get; init; } = [];

    /// <summary>Gets the finish reason.</summary>
    public required string FinishReason { get; init; }

    /// <summary>Gets the reasoning text, if thinking was enabled.</summary>
    public string? Thinking { get; init; }

    /// <summary>Gets the model name.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the number of prompt tokens.</summary>
    public int PromptTokens { get; init; }

    /// <summary>Gets the number of completion tokens.</summary>
    public int CompletionTokens { get; init; }

    /// <summary>Gets the total number of tokens.</summary>
    public int TotalTokens { get; init; }

    /// <summary>Gets the scripted number of cached prompt tokens, if any.</summary>
    public int? CachedTokens { get; init; }

    /// <summary>Gets the scripted number of reasoning tokens, if any.</summary>
    public int? ReasoningTokens { get; init; }
}
