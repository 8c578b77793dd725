namespace Runflow.AI.Extensions.Emulator;

/// <summary>A chat body's <c>thinking</c>.</summary>
internal sealed record RunflowEmulatorThinkingDto(string? Type, double? BudgetTokens);
