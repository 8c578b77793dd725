using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The request's <c>responseFormat</c>: <c>json_object</c>, or <c>json_schema</c> with a schema.</summary>
internal sealed class RunflowResponseFormat
{
    public required string Type { get; init; }

    [JsonPropertyName("json_schema")]
    public RunflowJsonSchema? JsonSchema { get; init; }
}
