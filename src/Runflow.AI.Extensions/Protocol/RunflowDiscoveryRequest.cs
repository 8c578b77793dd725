namespace Runflow.AI.Extensions.Protocol;

/// <summary>The body of a tenant-discovery request: the key whose tenant is asked for.</summary>
internal sealed class RunflowDiscoveryRequest
{
    public required string ApiKey { get; init; }
}
