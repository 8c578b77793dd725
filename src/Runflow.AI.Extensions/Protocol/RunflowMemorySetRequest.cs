using System.Text.Json;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The body of a memory PUT, which replaces the memory's messages: <c>{ messages, metadata? }</c>.</summary>
internal sealed class RunflowMemorySetRequest
{
    public required List<RunflowMemoryMessageDto> Messages { get; init; }

    public Dictionary<string, JsonElement>? Metadata { get; set; }
}
