using System.Text.Json;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The function part of an OpenAI-shaped <see cref="RunflowResponseToolCall"/>.</summary>
internal sealed class RunflowResponseFunction
{
    public string? Name { get; set; }

    public JsonElement? Arguments { get; set; }
}
