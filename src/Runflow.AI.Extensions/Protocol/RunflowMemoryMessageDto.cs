using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>A memory message as the memory endpoints send and take it: <c>{ role, content, metadata?, timestamp? }</c>.
/// Unset fields are omitted.</summary>
internal sealed class RunflowMemoryMessageDto
{
    public string? Role { get; set; }

    /// <summary>The text; read from any JSON value, since a store may keep structured content.</summary>
    public JsonElement? Content { get; set; }

    public Dictionary<string, JsonElement>? Metadata { get; set; }

    /// <summary>An ISO 8601 date, or milliseconds since the Unix epoch.</summary>
    public JsonElement? Timestamp { get; set; }
}
