using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.SemanticKernel.Tests;

/// <summary>Real Semantic Kernel objects against the emulator over loopback.</summary>
public sealed class RunflowKernelBuilderExtensionsTests
{
    private const string Key = "rf_test_sk_key";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<RunflowEmulator> StartAsync()
    {
        var emulator = new RunflowEmulator();
        await emulator.StartAsync(Token);
        return emulator;
    }

    private static (Kernel Kernel, WeatherPlugin Plugin) CreateKernel(RunflowEmulator emulator, Action<IKernelBuilder>? configure = null)
    {
        var builder = Kernel.CreateBuilder();
        builder.AddRunflowChatClient("gpt-4o", Key, "proj_sk", "openai", emulator.Endpoint);
        configure?.Invoke(builder);
        var plugin = new WeatherPlugin();
        builder.Plugins.AddFromObject(plugin, "weather");
        return (builder.Build(), plugin);
    }

    private static JsonObject Body(RunflowEmulatorRequest request) => JsonNode.Parse(request.Body)!.AsObject();

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowChatClient_RegistersBothChatStyles()
    {
        await using var emulator = await StartAsync();
        var (kernel, _) = CreateKernel(emulator);

        var chatClient = kernel.GetRequiredService<IChatClient>();
        var chatService = kernel.GetRequiredService<IChatCompletionService>();

        Assert.Equal("runflow", chatClient.GetService<ChatClientMetadata>()!.ProviderName);
        var reply = await chatService.GetChatMessageContentAsync("Hello kernel", kernel: kernel, cancellationToken: Token);
        Assert.Contains("Hello kernel", reply.Content);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AutoFunctionChoice_CallsThePluginAndAnswersWithItsResult()
    {
        await using var emulator = await StartAsync();
        var (kernel, plugin) = CreateKernel(emulator);
        var chat = kernel.GetRequiredService<IChatCompletionService>();
        var history = new ChatHistory();
        history.AddUserMessage("Use weather_get_weather for city: Lisbon");

        var reply = await chat.GetChatMessageContentAsync(
            history, new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }, kernel, Token);

        Assert.Equal(1, plugin.Calls);
        Assert.Equal(["Lisbon"], plugin.Cities);
        Assert.Contains("Sunny, 21C in Lisbon", reply.Content);
        Assert.Equal(2, emulator.Requests.Count);
        Assert.NotNull(Body(emulator.Requests[0])["tools"]);
        Assert.Contains("\"role\":\"tool\"", emulator.Requests[1].Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AutoFunctionChoice_Streaming_CallsThePluginAndStreamsTheAnswer()
    {
        await using var emulator = await StartAsync();
        var (kernel, plugin) = CreateKernel(emulator);
        var chat = kernel.GetRequiredService<IChatCompletionService>();
        var history = new ChatHistory();
        history.AddUserMessage("Use weather_get_weather for city: Porto");

        var text = string.Concat(await chat.GetStreamingChatMessageContentsAsync(
            history, new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }, kernel, Token)
            .Select(c => c.Content).ToListAsync(Token));

        Assert.Equal(1, plugin.Calls);
        Assert.Contains("Sunny, 21C in Porto", text);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task NoneFunctionChoice_SendsNoTools()
    {
        await using var emulator = await StartAsync();
        var (kernel, plugin) = CreateKernel(emulator);
        var chat = kernel.GetRequiredService<IChatCompletionService>();

        var reply = await chat.GetChatMessageContentAsync(
            "Use weather_get_weather for city: Lisbon", new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.None() }, kernel, Token);

        Assert.Equal(0, plugin.Calls);
        var request = Assert.Single(emulator.Requests);
        Assert.False(Body(request).ContainsKey("tools"));
        Assert.False(Body(request).ContainsKey("toolChoice"));
        Assert.Contains("weather_get_weather", reply.Content);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task RequiredFunctionChoice_SendsToolChoiceAndCallsThePlugin()
    {
        await using var emulator = await StartAsync();
        var (kernel, plugin) = CreateKernel(emulator);
        var chat = kernel.GetRequiredService<IChatCompletionService>();

        var reply = await chat.GetChatMessageContentAsync(
            "What's the weather?", new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Required() }, kernel, Token);

        Assert.Equal("required", Body(emulator.Requests[0])["toolChoice"]!.GetValue<string>());
        Assert.True(plugin.Calls >= 1);
        Assert.Contains("Sunny, 21C", reply.Content);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task InvokePromptAsync_ReturnsTheModelsAnswer()
    {
        await using var emulator = await StartAsync();
        var (kernel, _) = CreateKernel(emulator);

        var result = await kernel.InvokePromptAsync("Summarize Runflow in one line", cancellationToken: Token);

        Assert.Contains("Summarize Runflow in one line", result.GetValue<string>());
        Assert.Equal("Summarize Runflow in one line", Body(Assert.Single(emulator.Requests))["messages"]![0]!["content"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AutoInvocationFilter_SeesTheCallAndCanStopIt()
    {
        await using var emulator = await StartAsync();
        var filter = new StoppingFilter();
        var (kernel, plugin) = CreateKernel(emulator, b => b.Services.AddSingleton<IAutoFunctionInvocationFilter>(filter));
        var chat = kernel.GetRequiredService<IChatCompletionService>();
        var history = new ChatHistory();
        history.AddUserMessage("Use weather_get_weather for city: Faro");

        await chat.GetChatMessageContentAsync(history, new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }, kernel, Token);

        Assert.Equal(["get_weather"], filter.Seen);
        Assert.Equal(0, plugin.Calls);
        Assert.Single(emulator.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task ChatHistory_MultiTurn_KeepsToolMessages()
    {
        await using var emulator = await StartAsync();
        var (kernel, _) = CreateKernel(emulator);
        var chat = kernel.GetRequiredService<IChatCompletionService>();
        var settings = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
        var history = new ChatHistory("You are a weather bot.");
        history.AddUserMessage("Use weather_get_weather for city: Lisbon");
        history.Add(await chat.GetChatMessageContentAsync(history, settings, kernel, Token));

        history.AddUserMessage("Thanks, and how are you?");
        var second = await chat.GetChatMessageContentAsync(history, settings, kernel, Token);

        var roles = Body(emulator.Requests[^1])["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()).ToList();
        Assert.Equal(["system", "user", "assistant", "tool", "assistant", "user"], roles);
        Assert.Contains("Thanks, and how are you?", second.Content);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task ExtensionData_ReachesTheRequest()
    {
        await using var emulator = await StartAsync();
        var (kernel, _) = CreateKernel(emulator);
        var chat = kernel.GetRequiredService<IChatCompletionService>();
        var settings = new PromptExecutionSettings
        {
            ExtensionData = new Dictionary<string, object> { ["providerName"] = "OpenAI Production", ["legacy"] = true, ["temperature"] = 0.2 },
        };

        await chat.GetChatMessageContentAsync("Hi", settings, kernel, Token);

        var body = Body(Assert.Single(emulator.Requests));
        Assert.Equal("OpenAI Production", body["providerName"]!.GetValue<string>());
        Assert.True(body["legacy"]!.GetValue<bool>());
        Assert.Equal(0.2, body["temperature"]!.GetValue<double>(), 3);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task ServiceId_SelectsTheKeyedClient()
    {
        await using var emulator = await StartAsync();
        var builder = Kernel.CreateBuilder();
        builder.AddRunflowChatClient("model-a", Key, "proj_sk", "openai", emulator.Endpoint, serviceId: "a");
        builder.AddRunflowChatClient("model-b", Key, "proj_sk", "anthropic", emulator.Endpoint, serviceId: "b");
        var kernel = builder.Build();

        var result = await kernel.InvokePromptAsync("Hi", new KernelArguments(new PromptExecutionSettings { ServiceId = "b" }), cancellationToken: Token);

        var body = Body(Assert.Single(emulator.Requests));
        Assert.Equal("model-b", body["model"]!.GetValue<string>());
        Assert.Equal("anthropic", body["provider"]!.GetValue<string>());
        Assert.NotNull(kernel.Services.GetKeyedService<IChatCompletionService>("a"));
        Assert.Contains("Hi", result.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowChatCompletion_OnServices_ResolvesForAKernel()
    {
        await using var emulator = await StartAsync();
        var services = new ServiceCollection();
        services.AddRunflowChatCompletion(o =>
        {
            o.Endpoint = emulator.Endpoint;
            o.ApiKey = Key;
            o.ProjectId = "proj_sk";
            o.Provider = "openai";
            o.DefaultModelId = "gpt-4o";
        });
        services.AddKernel();
        await using var provider = services.BuildServiceProvider();

        var kernel = provider.GetRequiredService<Kernel>();
        var result = await kernel.InvokePromptAsync("From services", cancellationToken: Token);

        Assert.Contains("From services", result.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowEmbeddingGenerator_ResolvesFromTheKernelAndEmbeds()
    {
        await using var emulator = await StartAsync();
        var builder = Kernel.CreateBuilder();
        builder.AddRunflowEmbeddingGenerator("text-embedding-3-small", Key, "tenant_sk", emulator.Endpoint, serviceId: "search");
        var kernel = builder.Build();

        var generator = kernel.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("search");
        var embeddings = await generator.GenerateAsync(["kernel memory", "kernel memory"], cancellationToken: Token);

        Assert.Equal(embeddings[0].Vector.ToArray(), embeddings[1].Vector.ToArray());
        var request = Assert.Single(emulator.Requests);
        Assert.Equal("tenant_sk", request.Headers["x-runflow-tenant-id"]);
        Assert.Equal("text-embedding-3-small", Body(request)["model"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowChatCompletion_FromConfiguration_BindsTheSection()
    {
        await using var emulator = await StartAsync();
        var services = new ServiceCollection();
        services.AddRunflowChatCompletion(Section(("Endpoint", emulator.Endpoint.ToString()), ("ApiKey", Key), ("ProjectId", "proj_sk"), ("Provider", "groq"), ("DefaultModelId", "llama")));
        services.AddKernel();
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<Kernel>().InvokePromptAsync("From configuration", cancellationToken: Token);

        var body = Body(Assert.Single(emulator.Requests));
        Assert.Equal("groq", body["provider"]!.GetValue<string>());
        Assert.Equal("llama", body["model"]!.GetValue<string>());
    }

    [Fact]
    public void AddRunflowChatClient_MisspelledKeyInConfiguration_FailsWhenResolved()
    {
        var builder = Kernel.CreateBuilder();
        builder.AddRunflowChatClient(Section(("ApiKey", Key), ("ProjectId", "proj_sk"), ("Provder", "openai")));
        var kernel = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => kernel.GetRequiredService<IChatClient>());

        Assert.Equal("Runflow:Provder is not a Runflow option; did you mean Runflow:Provider?", error.Message);
    }

    [Fact]
    public void AddRunflowEmbeddingGenerator_ConfigurationWithHttpClient_NamesTheInvalidKey()
    {
        using var httpClient = new HttpClient();
        var builder = Kernel.CreateBuilder();
        builder.AddRunflowEmbeddingGenerator(Section(("ApiKey", Key), ("MaxEmbeddingBatchSize", "0")), serviceId: "search", httpClient: httpClient);
        var kernel = builder.Build();

        var error = Assert.Throws<ArgumentException>(() => kernel.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("search"));

        Assert.Equal("Runflow:MaxEmbeddingBatchSize must be at least 1. (Parameter 'options')", error.Message);
    }

    [Fact]
    public void AddRunflowChatCompletion_ConfigurationWithHttpClient_ReportsAMisspelledKey()
    {
        using var httpClient = new HttpClient();
        var services = new ServiceCollection();
        services.AddRunflowChatCompletion(Section(("ApiKey", Key), ("ProjectID", "proj_sk"), ("Provider", "openai"), ("Modle", "gpt-4o")), httpClient: httpClient);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IChatClient>());

        Assert.Equal("Runflow:Modle is not a Runflow option.", error.Message);
    }

    /// <summary>The <c>Runflow</c> section of a configuration holding <paramref name="entries"/>.</summary>
    private static IConfigurationSection Section(params (string Key, string Value)[] entries) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(entries.Select(e => KeyValuePair.Create<string, string?>($"Runflow:{e.Key}", e.Value)))
            .Build()
            .GetSection("Runflow");

    private sealed class StoppingFilter : IAutoFunctionInvocationFilter
    {
        public List<string> Seen { get; } = [];

        public Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
        {
            Seen.Add(context.Function.Name);
            context.Terminate = true;
            return Task.CompletedTask;
        }
    }
}
