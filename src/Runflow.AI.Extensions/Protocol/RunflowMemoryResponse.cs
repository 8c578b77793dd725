using System.Text.Json;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The body of a memory GET, once unwrapped from its envelope: <c>{ sessionId, messages, entities, summary?, metadata }</c>.</summary>
internal sealed class RunflowMemoryResponse
{
    public string? SessionId { get; set; }

    public List<RunflowMemoryMessageDto?>? Messages { get; set; }

    public JsonElement? Summary { get; set; }

    public Dictionary<string, JsonElement>? Metadata { get; set; }
}
