using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Aspire.Tests;

public sealed class RunflowHostApplicationBuilderExtensionsTests
{
    private const string OfflineNote = "(Offline Runflow emulator";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowChatClient_ConnectionString_AnswersFromTheEmulatorWithItsValues()
    {
        // The emulator accepts only this key, so an answer shows the connection string's key was sent.
        var options = new RunflowEmulatorOptions();
        options.ApiKeys.Add("rf-test-key");
        await using var host = await EmulatorHost.StartAsync(options, Token);
        var builder = host.CreateBuilder();
        builder.AddRunflowChatClient("runflow").UseFunctionInvocation();
        using var app = builder.Build();

        var response = await app.Services.GetRequiredService<IChatClient>().GetResponseAsync("Hello there", cancellationToken: Token);

        Assert.Contains(OfflineNote, response.Text);
        var request = Assert.Single(host.Emulator.TakeRequests());
        Assert.True(request.HasApiKey);
        Assert.Equal("proj", request.Json?["projectId"]?.GetValue<string>());
        Assert.Equal("openai", request.Json?["provider"]?.GetValue<string>());
        Assert.Equal("gpt-4o-mini", request.Json?["model"]?.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddKeyedRunflowChatClient_TwoConnections_EachUsesItsOwn()
    {
        var options = new RunflowEmulatorOptions();
        options.ApiKeys.Add("rf-test-key");
        options.ApiKeys.Add("rf-other");
        await using var host = await EmulatorHost.StartAsync(options, Token);
        var builder = host.CreateBuilder(("ConnectionStrings:other", $"Endpoint={host.Emulator.Endpoint};Key=rf-other;ProjectId=other-proj;Provider=anthropic;Model=claude"));
        builder.AddKeyedRunflowChatClient("runflow");
        builder.AddKeyedRunflowChatClient("other");
        using var app = builder.Build();

        await app.Services.GetRequiredKeyedService<IChatClient>("other").GetResponseAsync("Hi", cancellationToken: Token);
        await app.Services.GetRequiredKeyedService<IChatClient>("runflow").GetResponseAsync("Hi", cancellationToken: Token);

        var requests = host.Emulator.TakeRequests();
        Assert.Equal(["other-proj", "proj"], requests.Select(r => r.Json?["projectId"]?.GetValue<string>()));
        Assert.Equal([200, 200], requests.Select(r => r.StatusCode));
        Assert.Null(app.Services.GetService<IChatClient>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowEmbeddingGenerator_ConnectionString_EmbedsOnTheEmulator()
    {
        await using var host = await EmulatorHost.StartAsync(new RunflowEmulatorOptions { RequireTenantForEmbeddings = false }, Token);
        var builder = host.CreateBuilder();
        builder.AddRunflowChatClient("runflow");
        builder.AddRunflowEmbeddingGenerator("runflow");
        using var app = builder.Build();

        var embeddings = await app.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["one", "two"], cancellationToken: Token);

        Assert.Equal(2, embeddings.Count);
        Assert.True(embeddings[0].Vector.Length > 0);
        Assert.Contains(host.Emulator.TakeRequests(), r => r.IsEmbeddings);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowChatClient_AspireSection_FillsWhatTheConnectionStringLacks()
    {
        await using var host = await EmulatorHost.StartAsync(cancellationToken: Token);
        var builder = host.CreateBuilder(
            ("ConnectionStrings:runflow", $"Endpoint={host.Emulator.Endpoint};Key=rf-test-key"),
            ("Aspire:Runflow:ProjectId", "general"),
            ("Aspire:Runflow:Provider", "openai"),
            ("Aspire:Runflow:runflow:ProjectId", "specific"),
            ("Aspire:Runflow:Model", "gpt-4o"));
        builder.AddRunflowChatClient("runflow");
        using var app = builder.Build();

        await app.Services.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Token);

        var request = Assert.Single(host.Emulator.TakeRequests());
        Assert.Equal("specific", request.Json?["projectId"]?.GetValue<string>());
        Assert.Equal("gpt-4o", request.Json?["model"]?.GetValue<string>());
    }

    [Fact]
    public void AddRunflowChatClient_NoConnectionString_NamesTheKeysToSet()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddRunflowChatClient("runflow"));

        Assert.Equal("The Runflow connection 'runflow' has no Endpoint: set it in ConnectionStrings:runflow (Endpoint=…), in Aspire:Runflow:runflow:Endpoint or in Aspire:Runflow:Endpoint.", error.Message);
    }

    [Fact]
    public void AddRunflowChatClient_BadSetting_NamesItsPath()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Aspire:Runflow:runflow:DisableTracing"] = "yes";

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddRunflowChatClient("runflow"));

        Assert.Equal("Aspire:Runflow:runflow:DisableTracing 'yes' is not true or false.", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task HealthCheck_EmulatorAcceptsTheKey_IsHealthyAndNamesNoKey()
    {
        await using var host = await EmulatorHost.StartAsync(cancellationToken: Token);
        var builder = host.CreateBuilder();
        builder.AddRunflowChatClient("runflow");
        builder.AddRunflowEmbeddingGenerator("runflow");
        using var app = builder.Build();

        HealthReport report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Token);

        var entry = Assert.Single(report.Entries);
        Assert.Equal("Runflow_runflow", entry.Key);
        Assert.Equal(HealthStatus.Healthy, entry.Value.Status);
        Assert.Equal(200, entry.Value.Data["status"]);
        Assert.DoesNotContain("rf-test-key", entry.Value.Description + string.Join(",", entry.Value.Data.Values));
        var discovery = Assert.Single(host.Emulator.TakeRequests());
        Assert.EndsWith("/api/v1/runtime/auth/discover", discovery.Path);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task HealthCheck_KeyRefused_IsUnhealthyWithTheStatusAndNoKey()
    {
        var options = new RunflowEmulatorOptions();
        options.ApiKeys.Add("rf-only-this");
        await using var host = await EmulatorHost.StartAsync(options, Token);
        var builder = host.CreateBuilder();
        builder.AddRunflowChatClient("runflow");
        using var app = builder.Build();

        HealthReport report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Token);

        var entry = report.Entries["Runflow_runflow"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal($"Runflow at {host.Emulator.Endpoint} answered HTTP 401 to tenant discovery.", entry.Description);
        Assert.DoesNotContain("rf-test-key", string.Join(",", entry.Data.Values));
    }

    [Fact]
    public void HealthCheck_Disabled_IsNotRegistered()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["ConnectionStrings:runflow"] = "Endpoint=https://api.runflow.ai/;Key=k;ProjectId=p;Provider=openai";
        builder.Configuration["Aspire:Runflow:DisableHealthChecks"] = "true";
        builder.AddRunflowChatClient("runflow");

        Assert.DoesNotContain(builder.Services, d => d.ServiceType == typeof(HealthCheckService));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Tracing_Enabled_ReportsAChatSpanOnTheRunflowSource()
    {
        await using var host = await EmulatorHost.StartAsync(cancellationToken: Token);
        var builder = host.CreateBuilder();
        builder.AddRunflowChatClient("runflow");
        using var app = builder.Build();
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RunflowHostApplicationBuilderExtensions.TelemetrySourceName,
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        await app.Services.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Token);

        var span = Assert.Single(spans, s => s.Source.Name == RunflowHostApplicationBuilderExtensions.TelemetrySourceName);
        Assert.Equal("chat gpt-4o-mini", span.DisplayName);
        Assert.NotNull(app.Services.GetRequiredService<IChatClient>().GetService(typeof(OpenTelemetryChatClient)));
    }

    [Fact]
    public void Tracing_Disabled_LeavesTheClientUndecorated()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["ConnectionStrings:runflow"] = "Endpoint=https://api.runflow.ai/;Key=k;ProjectId=p;Provider=openai";
        builder.AddRunflowChatClient("runflow", settings => settings.DisableTracing = true);
        using var app = builder.Build();

        var client = app.Services.GetRequiredService<IChatClient>();

        Assert.IsType<RunflowChatClient>(client);
    }
}
