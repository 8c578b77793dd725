using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The body of an embeddings request. Unset fields are omitted.</summary>
internal sealed class RunflowEmbeddingRequest
{
    public required IReadOnlyList<string> Input { get; init; }

    public string? Model { get; set; }

    public string? Provider { get; set; }

    public string? ProviderName { get; set; }

    public int? Dimensions { get; set; }

    /// <summary>Caller-supplied top-level fields, written as they are after the others (by
    /// <see cref="RunflowPooledJsonContent"/>, since an extension-data property would keep the serializer off its generated
    /// fast path).</summary>
    [JsonIgnore]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
