namespace Runflow.AI.Extensions.Emulator;

/// <summary>The <c>function</c> of a tool call: its name and its arguments as JSON text.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">The arguments, a JSON object as text.</param>
internal sealed record RunflowEmulatorToolFunctionBody(string Name, string Arguments);
