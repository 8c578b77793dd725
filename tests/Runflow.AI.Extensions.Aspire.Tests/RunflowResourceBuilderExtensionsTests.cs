using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Aspire.Tests;

/// <summary>The app model the hosting integration builds, checked without starting it.</summary>
public sealed class RunflowResourceBuilderExtensionsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void AddRunflow_NoParameters_AddsTheFourWithASecretKey()
    {
        var builder = DistributedApplicationTestingBuilder.Create();

        var runflow = builder.AddRunflow("runflow").Resource;

        Assert.Equal(("runflow-key", true), (runflow.ApiKey.Name, runflow.ApiKey.Secret));
        Assert.Equal(("runflow-project", false), (runflow.ProjectId.Name, runflow.ProjectId.Secret));
        Assert.Equal("runflow-provider", runflow.Provider.Name);
        Assert.Equal("runflow-model", runflow.Model.Name);
        Assert.Equal(
            "Endpoint=https://api.runflow.ai/;Key={runflow-key.value};ProjectId={runflow-project.value};Provider={runflow-provider.value};Model={runflow-model.value}",
            runflow.ConnectionStringExpression.ValueExpression);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflow_ParameterValues_MakeAConnectionStringTheClientReads()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.Configuration["Parameters:runflow-key"] = "rf-live-key";
        builder.Configuration["Parameters:runflow-project"] = "proj-1";
        builder.Configuration["Parameters:runflow-provider"] = "anthropic";
        builder.Configuration["Parameters:runflow-model"] = "claude-sonnet";
        builder.Configuration["Parameters:runflow-endpoint"] = "https://eu.runflow.test/";
        var runflow = builder.AddRunflow("runflow", endpoint: builder.AddParameter("runflow-endpoint")).Resource;

        string? connectionString = await runflow.ConnectionStringExpression.GetValueAsync(Token);

        Assert.Equal("Endpoint=https://eu.runflow.test/;Key=rf-live-key;ProjectId=proj-1;Provider=anthropic;Model=claude-sonnet", connectionString);
        var settings = new RunflowClientSettings();
        RunflowConnectionString.Apply(connectionString!, "ConnectionStrings:runflow", settings);
        Assert.Equal((new Uri("https://eu.runflow.test/"), "rf-live-key", "proj-1", "anthropic", "claude-sonnet"), (settings.Endpoint, settings.Key, settings.ProjectId, settings.Provider, settings.Model));
    }

    [Fact]
    public void AddRunflow_GivenParameters_UsesThem()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var key = builder.AddParameter("my-key", secret: true);

        var runflow = builder.AddRunflow("runflow", apiKey: key).Resource;

        Assert.Same(key.Resource, runflow.ApiKey);
        Assert.Contains("Key={my-key.value}", runflow.ConnectionStringExpression.ValueExpression);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowEmulator_ToolDll_RunsItWithDotnetOnTheTargetPort()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var emulator = builder.AddRunflowEmulator("runflow", "/tools/Runflow.AI.Extensions.Emulator.Tool.dll").Resource;
        EndpointAnnotation http = Assert.Single(emulator.Annotations.OfType<EndpointAnnotation>());
        Allocate(http, port: 5080, targetPort: 41234);

        var args = await ArgumentsOf(emulator);

        Assert.Equal("dotnet", emulator.Command);
        Assert.Equal(["/tools/Runflow.AI.Extensions.Emulator.Tool.dll", "--port", "41234"], args);
        Assert.Equal(("http", "http"), (http.Name, http.UriScheme));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowEmulator_NoToolPath_RunsTheInstalledTool()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var emulator = builder.AddRunflowEmulator("runflow").Resource;
        Allocate(Assert.Single(emulator.Annotations.OfType<EndpointAnnotation>()), port: 5080, targetPort: 41234);

        var args = await ArgumentsOf(emulator);

        Assert.Equal("runflow-emulator", emulator.Command);
        Assert.Equal(["--port", "41234"], args);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowEmulator_ConnectionString_PointsAtThePublishedEndpoint()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var emulator = builder.AddRunflowEmulator("runflow").Resource;
        Allocate(Assert.Single(emulator.Annotations.OfType<EndpointAnnotation>()), port: 5080, targetPort: 41234);

        string? connectionString = await emulator.ConnectionStringExpression.GetValueAsync(Token);

        Assert.Equal("Endpoint=http://localhost:5080;Key=emulator;ProjectId=emulator;Provider=openai;Model=gpt-4o-mini", connectionString);
    }

    [Fact]
    public void AddRunflowEmulator_HealthAndManifest_ProbesTheEmulatorsHealthPathAndIsNotPublished()
    {
        var builder = DistributedApplicationTestingBuilder.Create();

        var emulator = builder.AddRunflowEmulator("runflow").Resource;

        Assert.Equal(RunflowEmulator.HealthPath, RunflowEmulatorResource.HealthPath);
        Assert.Single(emulator.Annotations.OfType<HealthCheckAnnotation>());
        Assert.Contains(emulator.Annotations.OfType<ManifestPublishingCallbackAnnotation>(), a => a == ManifestPublishingCallbackAnnotation.Ignore);
    }

    // Aspire 13.6 marks this evaluation obsolete in favour of ExecutionConfigurationBuilder, which needs the running
    // app's execution context; this one evaluates the same argument callbacks from the model alone.
#pragma warning disable CS0618
    private static async Task<string[]> ArgumentsOf(RunflowEmulatorResource emulator) => await emulator.GetArgumentValuesAsync();
#pragma warning restore CS0618

    private static void Allocate(EndpointAnnotation endpoint, int port, int targetPort)
    {
        endpoint.TargetPort = targetPort;
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", port);
    }
}
