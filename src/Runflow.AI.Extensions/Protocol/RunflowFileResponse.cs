using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// The body of a file upload: the provider file reference <c>{ fileId, provider, mimeType?, size? }</c>, bare or inside
/// <c>{ "success": true, "data": … }</c>, in camelCase or snake_case, or OpenAI's own file object (<c>id</c>, <c>bytes</c>).
/// </summary>
internal sealed class RunflowFileResponse : IRunflowEnvelope<RunflowFileResponse>
{
    public bool? Success { get; set; }

    public RunflowFileResponse? Data { get; set; }

    public JsonElement? Error { get; set; }

    [JsonConverter(typeof(RunflowLenientStringConverter))]
    public string? Message { get; set; }

    public string? FileId { get; set; }

    [JsonPropertyName("file_id")]
    public string? FileIdSnakeCase { get; set; }

    public string? Id { get; set; }

    public string? Provider { get; set; }

    public string? MimeType { get; set; }

    [JsonPropertyName("mime_type")]
    public string? MimeTypeSnakeCase { get; set; }

    [JsonConverter(typeof(RunflowLenientCountConverter))]
    public long? Size { get; set; }

    [JsonConverter(typeof(RunflowLenientCountConverter))]
    public long? Bytes { get; set; }

    [JsonConverter(typeof(RunflowLenientStringConverter))]
    public string? Filename { get; set; }

    [JsonConverter(typeof(RunflowLenientStringConverter))]
    [JsonPropertyName("file_name")]
    public string? FilenameSnakeCase { get; set; }

    public string? Purpose { get; set; }
}
