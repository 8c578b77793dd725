namespace Runflow.AI.Extensions.Emulator.Wire;

/// <summary>A chat body's <c>thinking</c>.</summary>
internal sealed record RunflowEmulatorThinkingDto(string? Type, double? BudgetTokens);
