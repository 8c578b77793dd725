using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The body of an image-generation response, <c>{ images: [{ url? | b64Json? }], model, provider, usage? }</c>,
/// bare or inside <c>{ "success": true, "data": … }</c>.</summary>
internal sealed class RunflowImageResponse : IRunflowEnvelope<RunflowImageResponse>
{
    public bool? Success { get; set; }

    public RunflowImageResponse? Data { get; set; }

    public JsonElement? Error { get; set; }

    [JsonConverter(typeof(RunflowLenientStringConverter))]
    public string? Message { get; set; }

    public List<RunflowImageItem?>? Images { get; set; }

    public string? Model { get; set; }

    public string? Provider { get; set; }

    public RunflowUsage? Usage { get; set; }
}
