using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The <c>file</c> of a content part: a file uploaded to the provider through Runflow's files endpoint.</summary>
internal sealed class RunflowContentFile
{
    [JsonPropertyName("file_id")]
    public required string FileId { get; init; }
}
