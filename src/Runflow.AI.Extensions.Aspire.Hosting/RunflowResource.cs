namespace Aspire.Hosting.ApplicationModel;

/// <summary>The Runflow gateway as an Aspire resource: its address and the key, project, provider and model a service
/// calls it with, handed to a referencing service as the connection string
/// <c>Endpoint=…;Key=…;ProjectId=…;Provider=…;Model=…</c>.</summary>
/// <remarks>The resource runs nothing; the key is a secret parameter, so the dashboard and the manifest show only its name.</remarks>
public sealed class RunflowResource : Resource, IResourceWithConnectionString
{
    /// <summary>Creates the resource.</summary>
    /// <param name="name">The resource's name, which is also the connection string's name.</param>
    /// <param name="endpoint">The gateway's address.</param>
    /// <param name="apiKey">The API key, a secret parameter.</param>
    /// <param name="projectId">The Runflow project.</param>
    /// <param name="provider">The model provider, such as <c>openai</c>.</param>
    /// <param name="model">The default model.</param>
    public RunflowResource(string name, ReferenceExpression endpoint, ParameterResource apiKey, ParameterResource projectId, ParameterResource provider, ParameterResource model)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(apiKey);
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(model);
        Endpoint = endpoint;
        ApiKey = apiKey;
        ProjectId = projectId;
        Provider = provider;
        Model = model;
    }

    /// <summary>Gets the gateway's address.</summary>
    public ReferenceExpression Endpoint { get; }

    /// <summary>Gets the API key parameter.</summary>
    public ParameterResource ApiKey { get; }

    /// <summary>Gets the project parameter.</summary>
    public ParameterResource ProjectId { get; }

    /// <summary>Gets the provider parameter.</summary>
    public ParameterResource Provider { get; }

    /// <summary>Gets the model parameter.</summary>
    public ParameterResource Model { get; }

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Endpoint={Endpoint};Key={ApiKey};ProjectId={ProjectId};Provider={Provider};Model={Model}");

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties() =>
    [
        new("Endpoint", Endpoint),
        new("Key", ReferenceExpression.Create($"{ApiKey}")),
        new("ProjectId", ReferenceExpression.Create($"{ProjectId}")),
        new("Provider", ReferenceExpression.Create($"{Provider}")),
        new("Model", ReferenceExpression.Create($"{Model}")),
    ];
}
