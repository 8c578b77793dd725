using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>One generated image: a URL, or the image's bytes in base64 (<c>b64Json</c> or OpenAI's <c>b64_json</c>).</summary>
internal sealed class RunflowImageItem
{
    public string? Url { get; set; }

    public string? B64Json { get; set; }

    [JsonPropertyName("b64_json")]
    public string? B64JsonSnakeCase { get; set; }
}
