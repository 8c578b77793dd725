using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Adds Runflow to an Aspire application model: the real gateway (<see cref="AddRunflow"/>) or the emulator
/// (<see cref="AddRunflowEmulator"/>), either referenced by services with <c>WithReference</c>.</summary>
public static class RunflowResourceBuilderExtensions
{
    /// <summary>The gateway's address when none is given.</summary>
    public const string DefaultEndpoint = "https://api.runflow.ai/";

    /// <summary>The command that runs the emulator when no tool path is given: the installed .NET tool.</summary>
    public const string EmulatorCommand = "runflow-emulator";

    /// <summary>Adds the Runflow gateway. Parameters not passed are added as <c>{name}-key</c> (secret),
    /// <c>{name}-project</c>, <c>{name}-provider</c> and <c>{name}-model</c>, read from <c>Parameters:{name}-key</c> and so on.</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource's name, which is also the connection string's name.</param>
    /// <param name="apiKey">The API key parameter; it should be secret.</param>
    /// <param name="projectId">The project parameter.</param>
    /// <param name="provider">The provider parameter.</param>
    /// <param name="model">The default model parameter.</param>
    /// <param name="endpoint">The gateway's address parameter; the default is <see cref="DefaultEndpoint"/>.</param>
    /// <returns>The resource's builder.</returns>
    public static IResourceBuilder<RunflowResource> AddRunflow(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        IResourceBuilder<ParameterResource>? apiKey = null,
        IResourceBuilder<ParameterResource>? projectId = null,
        IResourceBuilder<ParameterResource>? provider = null,
        IResourceBuilder<ParameterResource>? model = null,
        IResourceBuilder<ParameterResource>? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var resource = new RunflowResource(
            name,
            endpoint is null ? ReferenceExpression.Create($"{DefaultEndpoint}") : ReferenceExpression.Create($"{endpoint.Resource}"),
            (apiKey ?? builder.AddParameter($"{name}-key", secret: true)).Resource,
            (projectId ?? builder.AddParameter($"{name}-project")).Resource,
            (provider ?? builder.AddParameter($"{name}-provider")).Resource,
            (model ?? builder.AddParameter($"{name}-model")).Resource);

        // Nothing runs, so the resource is running at once: a service that waits for it starts without delay.
        return builder.AddResource(resource).WithInitialState(new CustomResourceSnapshot
        {
            ResourceType = "Runflow",
            State = KnownResourceStates.Running,
            Properties = [],
        });
    }

    /// <summary>Adds the Runflow emulator as a local process on a port Aspire allocates (passed as <c>--port</c>), with an
    /// HTTP health check on <see cref="RunflowEmulatorResource.HealthPath"/>. It is left out of the publishing manifest.</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource's name, which is also the connection string's name.</param>
    /// <param name="toolPath">The emulator to run: a path to <c>Runflow.AI.Extensions.Emulator.Tool.dll</c> (run with
    /// <c>dotnet</c>) or to a <c>runflow-emulator</c> executable; the default is <see cref="EmulatorCommand"/> from the PATH,
    /// as <c>dotnet tool install --global Runflow.AI.Extensions.Emulator.Tool</c> puts it there.</param>
    /// <param name="port">The port services reach it on; the default lets Aspire choose.</param>
    /// <returns>The resource's builder.</returns>
    public static IResourceBuilder<RunflowEmulatorResource> AddRunflowEmulator(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string? toolPath = null, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        bool isDll = toolPath is not null && toolPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var resource = new RunflowEmulatorResource(name, isDll ? "dotnet" : toolPath ?? EmulatorCommand, builder.AppHostDirectory);
        return builder.AddResource(resource)
            .WithHttpEndpoint(port: port, name: RunflowEmulatorResource.HttpEndpointName)
            .WithArgs(context =>
            {
                if (isDll)
                {
                    context.Args.Add(toolPath!);
                }

                // The emulator listens where Aspire's proxy forwards to, not on the port services see.
                context.Args.Add("--port");
                context.Args.Add(resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
            })
            .WithHttpHealthCheck(RunflowEmulatorResource.HealthPath, endpointName: RunflowEmulatorResource.HttpEndpointName)
            .ExcludeFromManifest();
    }
}
