namespace Runflow.AI.Extensions.Emulator;

/// <summary>One of a chat body's <c>tools</c>.</summary>
internal sealed record RunflowEmulatorToolDto(RunflowEmulatorFunctionDto Function);
