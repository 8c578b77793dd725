using System.Text.Json;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// A tool call of a response: flat (<c>{ id, name, arguments }</c>) or OpenAI's
/// (<c>{ id, type, function: { name, arguments } }</c>), with arguments as a JSON text or an object.
/// </summary>
internal sealed class RunflowResponseToolCall
{
    public string? Id { get; set; }

    public string? Type { get; set; }

    public string? Name { get; set; }

    public JsonElement? Arguments { get; set; }

    public RunflowResponseFunction? Function { get; set; }
}
