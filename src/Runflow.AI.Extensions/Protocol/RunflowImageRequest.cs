using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The body of an image-generation request, in the order Runflow documents its fields. Unset fields are omitted.</summary>
internal sealed class RunflowImageRequest
{
    public required string Prompt { get; init; }

    public string? Provider { get; set; }

    public string? Model { get; set; }

    public string? ProviderName { get; set; }

    public string? Size { get; set; }

    public string? Quality { get; set; }

    public string? Style { get; set; }

    public int? N { get; set; }

    /// <summary>Caller-supplied top-level fields, written as they are after the others (by
    /// <see cref="RunflowPooledJsonContent"/>, since an extension-data property would keep the serializer off its generated
    /// fast path).</summary>
    [JsonIgnore]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
