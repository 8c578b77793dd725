namespace Runflow.AI.Extensions.Emulator.Wire;

/// <summary>One of a chat body's <c>tools</c>.</summary>
internal sealed record RunflowEmulatorToolDto(RunflowEmulatorFunctionDto Function);
