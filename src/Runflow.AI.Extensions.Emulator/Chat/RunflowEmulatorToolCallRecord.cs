namespace Runflow.AI.Extensions.Emulator;

/// <summary>A tool call as it travels on the wire, in a request's assistant message or in the model's answer.</summary>
/// <param name="Id">The call id.</param>
/// <param name="Name">The tool name.</param>
/// <param name="Arguments">The arguments as JSON text.</param>
internal sealed record RunflowEmulatorToolCallRecord(string Id, string Name, string Arguments);
