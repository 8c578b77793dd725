namespace Runflow.AI.Extensions.Aspire;

/// <summary>The service key of the undecorated Runflow client behind an Aspire registration, which the registered
/// <see cref="Microsoft.Extensions.AI.IChatClient"/> wraps with telemetry.</summary>
/// <remarks>Its text is the connection name, so the registration's <see cref="HttpClient"/> and options are named
/// <c>Runflow.AI.Extensions:{connectionName}</c>: what <c>AddRunflowResilience(serviceKey: connectionName)</c> configures.</remarks>
/// <param name="ConnectionName">The connection name.</param>
internal sealed record RunflowClientKey(string ConnectionName)
{
    /// <inheritdoc />
    public override string ToString() => ConnectionName;
}
