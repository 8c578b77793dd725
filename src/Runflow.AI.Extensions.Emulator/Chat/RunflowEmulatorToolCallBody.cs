namespace Runflow.AI.Extensions.Emulator;

/// <summary>One tool call of a chat-completion body: <c>{ "id", "type": "function", "function": { "name", "arguments" } }</c>.</summary>
/// <param name="Id">The call id.</param>
/// <param name="Type">The kind of tool call, always <c>function</c>.</param>
/// <param name="Function">The function called.</param>
internal sealed record RunflowEmulatorToolCallBody(string Id, string Type, RunflowEmulatorToolFunctionBody Function);
