namespace Runflow.AI.Extensions.Protocol;

/// <summary>The function part of a <see cref="RunflowToolCall"/>; the arguments are a JSON text.</summary>
internal sealed class RunflowFunctionCall
{
    public required string Name { get; init; }

    public required string Arguments { get; init; }
}
