namespace Runflow.AI.Extensions.Emulator;

/// <summary>One item of a request's <c>messages</c>, as the emulator's model reads it.</summary>
internal sealed class RunflowEmulatorMessage
{
    /// <summary>Gets the role: <c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
    public required string Role { get; init; }

    /// <summary>Gets the text of the content (text parts joined by new lines), or <see langword="null"/> when there is none.</summary>
    public string? Content { get; init; }

    /// <summary>Gets the parts of an array content, in order, images and files included; empty for a string content.</summary>
    public IReadOnlyList<RunflowEmulatorContentPart> Parts { get; init; } = [];

    /// <summary>Gets the tool calls of an assistant message.</summary>
    public IReadOnlyList<RunflowEmulatorToolCallRecord> ToolCalls { get; init; } = [];

    /// <summary>Gets the id of the call a tool message answers.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>Gets the optional name of the message's author or tool.</summary>
    public string? Name { get; init; }
}
