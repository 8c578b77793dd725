namespace Runflow.AI.Extensions.Protocol;

/// <summary>The request's <c>thinking</c>: extended reasoning with a token budget.</summary>
internal sealed class RunflowThinking
{
    public string Type => "enabled";

    public required int BudgetTokens { get; init; }
}
