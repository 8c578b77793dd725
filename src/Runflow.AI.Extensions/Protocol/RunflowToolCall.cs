namespace Runflow.AI.Extensions.Protocol;

/// <summary>A tool call of an earlier assistant message, as sent back in the history.</summary>
internal sealed class RunflowToolCall
{
    public required string Id { get; init; }

    public string Type => "function";

    public required RunflowFunctionCall Function { get; init; }
}
