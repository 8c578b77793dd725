namespace Runflow.AI.Extensions.Aspire;

/// <summary>The settings of a Runflow client registered through Aspire: where it connects, and which of the integration's
/// health check and telemetry it adds.</summary>
/// <remarks>
/// Read in this order, each overriding the one before: the <c>Aspire:Runflow</c> section, the <c>Aspire:Runflow:{name}</c>
/// section, the <c>ConnectionStrings:{name}</c> connection string
/// (<c>Endpoint=…;Key=…;ProjectId=…;Provider=…;Model=…</c>, as Aspire's <c>WithReference</c> hands it over), then the
/// <c>configureSettings</c> callback.
/// </remarks>
public sealed class RunflowClientSettings
{
    /// <summary>Gets or sets the gateway's address.</summary>
    /// <value>Required; connection string key <c>Endpoint</c>.</value>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the API key. It is never written to logs, health-check results or messages.</summary>
    /// <value>Required; connection string key <c>Key</c>.</value>
    public string? Key { get; set; }

    /// <summary>Gets or sets the Runflow project.</summary>
    /// <value>Required; connection string key <c>ProjectId</c>.</value>
    public string? ProjectId { get; set; }

    /// <summary>Gets or sets the model provider, such as <c>openai</c>.</summary>
    /// <value>Required; connection string key <c>Provider</c>.</value>
    public string? Provider { get; set; }

    /// <summary>Gets or sets the default model.</summary>
    /// <value>The default is <see langword="null"/>: every call must then name its model. Connection string key <c>Model</c>.</value>
    public string? Model { get; set; }

    /// <summary>Gets or sets a value indicating whether the health check (a tenant-discovery call with the key) is left out.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Gets or sets how long the health check may take.</summary>
    /// <value>The default is <see langword="null"/>: the health-check service's own limit.</value>
    public TimeSpan? HealthCheckTimeout { get; set; }

    /// <summary>Gets or sets a value indicating whether the OpenTelemetry spans and metrics of the client are left out.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool DisableTracing { get; set; }
}
