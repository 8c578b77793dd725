using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// The body of a tenant-discovery response: <c>{ "success": true, "data": { "tenantId", "isActive", … } }</c>, or the
/// data bare. Only what the client uses is read; the tenant id may come as a string or a number.
/// </summary>
internal sealed class RunflowDiscoveryResponse
{
    public bool? Success { get; set; }

    /// <summary>The wrapped response when the body is an envelope.</summary>
    public RunflowDiscoveryResponse? Data { get; set; }

    public JsonElement? TenantId { get; set; }

    /// <summary>Read as an element so that only an explicit <c>false</c> counts as an inactive key.</summary>
    public JsonElement? IsActive { get; set; }

    public JsonElement? Error { get; set; }

    [JsonConverter(typeof(RunflowLenientStringConverter))]
    public string? Message { get; set; }
}
