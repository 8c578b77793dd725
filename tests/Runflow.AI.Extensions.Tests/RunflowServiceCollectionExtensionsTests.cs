using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

public sealed class RunflowServiceCollectionExtensionsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowChatClient_FromCode_SendsThroughTheFactoryClient()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        var services = new ServiceCollection();
        services.AddRunflowChatClient(o => { o.Endpoint = new Uri("https://runflow.test/"); o.ApiKey = TestClient.ApiKey; o.ProjectId = "p"; o.Provider = "openai"; o.DefaultModelId = "m"; });
        services.AddHttpClient(RunflowServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        var response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal("Hello!", response.Text);
        Assert.Equal(TestClient.ApiKey, handler.Single.Header("x-api-key"));
        Assert.Equal("runflow", provider.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>()!.ProviderName);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowChatClient_FromConfiguration_BindsEveryOption()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Runflow:Endpoint"] = "https://gw.test/base/",
            ["Runflow:ApiKey"] = TestClient.ApiKey,
            ["Runflow:TenantId"] = "t1",
            ["Runflow:ProjectId"] = "p1",
            ["Runflow:Provider"] = "anthropic",
            ["Runflow:ProviderName"] = "Claude",
            ["Runflow:DefaultModelId"] = "claude-x",
            ["Runflow:Legacy"] = "true",
            ["Runflow:ChatPath"] = "v2/chat",
            ["Runflow:NetworkTimeout"] = "00:00:30",
        }).Build();
        var services = new ServiceCollection();
        services.AddRunflowChatClient(configuration.GetSection("Runflow"));
        services.AddHttpClient(RunflowServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Token);

        var request = handler.Single;
        Assert.Equal("https://gw.test/base/v2/chat", request.Uri.ToString());
        Assert.Equal("t1", request.Header("x-runflow-tenant-id"));
        TestClient.AssertJson("""
            {"projectId":"p1","provider":"anthropic","model":"claude-x","messages":[{"role":"user","content":"Hi"}],"providerName":"Claude","legacy":true}
            """, request.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowChatClient_ReturnsBuilderForMiddleware()
    {
        var handler = RecordingHandler.Json("""{"toolCalls":[{"id":"c1","name":"answer","arguments":"{}"}]}""");
        var calls = 0;
        var services = new ServiceCollection();
        services.AddRunflowChatClient(o => { o.Endpoint = new Uri("https://runflow.test/"); o.ApiKey = "k"; o.ProjectId = "p"; o.Provider = "openai"; o.DefaultModelId = "m"; })
            .UseFunctionInvocation(configure: f => f.MaximumIterationsPerRequest = 2);
        services.AddHttpClient(RunflowServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IChatClient>();
        await client.GetResponseAsync("Hi", new ChatOptions { Tools = [AIFunctionFactory.Create(() => ++calls, "answer")] }, Token);

        Assert.IsType<FunctionInvokingChatClient>(client);
        Assert.True(calls >= 1);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddKeyedRunflowChatClient_TwoKeys_KeepSeparateOptions()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        var services = new ServiceCollection();
        services.AddKeyedRunflowChatClient("fast", o => { o.Endpoint = new Uri("https://runflow.test/"); o.ApiKey = "k"; o.ProjectId = "p"; o.Provider = "groq"; o.DefaultModelId = "llama"; });
        services.AddKeyedRunflowChatClient("smart", o => { o.Endpoint = new Uri("https://runflow.test/"); o.ApiKey = "k"; o.ProjectId = "p"; o.Provider = "openai"; o.DefaultModelId = "gpt-5"; });
        services.AddHttpClient(RunflowServiceCollectionExtensions.GetHttpClientName("fast")).ConfigurePrimaryHttpMessageHandler(() => handler);
        services.AddHttpClient(RunflowServiceCollectionExtensions.GetHttpClientName("smart")).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<IChatClient>("fast").GetResponseAsync("Hi", cancellationToken: Token);
        await provider.GetRequiredKeyedService<IChatClient>("smart").GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Contains("\"provider\":\"groq\",\"model\":\"llama\"", handler.Requests[0].Body);
        Assert.Contains("\"provider\":\"openai\",\"model\":\"gpt-5\"", handler.Requests[1].Body);
        Assert.Null(provider.GetService<IChatClient>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowChatClient_InvalidOptions_FailWhenFirstResolved()
    {
        var services = new ServiceCollection();
        services.AddRunflowChatClient(o => o.ProjectId = "p");
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<IChatClient>());

        Assert.Contains("RunflowClientOptions.ApiKey is required", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowChatClient_RegisteredTimeProvider_IsUsed()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddRunflowChatClient(o => { o.Endpoint = new Uri("https://runflow.test/"); o.ApiKey = "k"; o.ProjectId = "p"; o.Provider = "openai"; o.DefaultModelId = "m"; });
        services.AddHttpClient(RunflowServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => RecordingHandler.Json(TestClient.HelloResponse));
        await using var provider = services.BuildServiceProvider();

        var response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal(time.GetUtcNow(), response.CreatedAt);
    }
}
