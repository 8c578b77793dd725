namespace Aspire.Hosting.ApplicationModel;

/// <summary>The Runflow emulator run as a local process (the <c>runflow-emulator</c> tool), on a port Aspire allocates,
/// with the connection string of a Runflow gateway that referencing services call instead of the real one.</summary>
/// <remarks>The emulator accepts any non-empty key, so the connection string carries the fixed key <see cref="ApiKey"/>;
/// nothing secret is involved.</remarks>
/// <param name="name">The resource's name, which is also the connection string's name.</param>
/// <param name="command">The program to start: <c>runflow-emulator</c>, or <c>dotnet</c> for the tool's dll.</param>
/// <param name="workingDirectory">The directory it starts in.</param>
public sealed class RunflowEmulatorResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>The name of the emulator's HTTP endpoint.</summary>
    public const string HttpEndpointName = "http";

    /// <summary>The path the health check probes; the emulator answers a <c>GET</c> there with 200 once it listens.</summary>
    public const string HealthPath = "/health";

    /// <summary>The key in the connection string.</summary>
    public const string ApiKey = "emulator";

    /// <summary>The project in the connection string.</summary>
    public const string ProjectId = "emulator";

    /// <summary>The provider in the connection string.</summary>
    public const string Provider = "openai";

    /// <summary>The model in the connection string.</summary>
    public const string Model = "gpt-4o-mini";

    /// <summary>Gets the emulator's HTTP endpoint.</summary>
    public EndpointReference PrimaryEndpoint => field ??= new EndpointReference(this, HttpEndpointName);

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Endpoint={PrimaryEndpoint.Property(EndpointProperty.Url)};Key={ApiKey};ProjectId={ProjectId};Provider={Provider};Model={Model}");

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties() =>
    [
        new("Endpoint", ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Url)}")),
        new("Key", ReferenceExpression.Create($"{ApiKey}")),
        new("ProjectId", ReferenceExpression.Create($"{ProjectId}")),
        new("Provider", ReferenceExpression.Create($"{Provider}")),
        new("Model", ReferenceExpression.Create($"{Model}")),
    ];
}
