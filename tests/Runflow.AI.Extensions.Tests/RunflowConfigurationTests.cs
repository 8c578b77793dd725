using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>Options bound from configuration: errors name the key to fix, and keys that are not options are reported.</summary>
public sealed class RunflowConfigurationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A configuration whose keys are given without the <c>Runflow:</c> prefix, for brevity.</summary>
    private static IConfigurationRoot Configuration(params (string Key, string Value)[] entries) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(entries.Select(e => KeyValuePair.Create<string, string?>($"Runflow:{e.Key}", e.Value)))
            .Build();

    /// <summary>The chat options every test starts from, set in configuration.</summary>
    private static readonly (string Key, string Value)[] Chat =
        [("Endpoint", "https://runflow.test/"), ("ApiKey", TestClient.ApiKey), ("ProjectId", "p"), ("Provider", "openai"), ("DefaultModelId", "m")];

    private static IConfigurationSection ChatSection(string? without = null, params (string Key, string Value)[] extra) =>
        Configuration([.. Chat.Where(e => e.Key != without), .. extra]).GetSection("Runflow");

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowChatClient_MissingApiKeyInConfiguration_NamesTheKey()
    {
        var services = new ServiceCollection();
        services.AddRunflowChatClient(ChatSection(without: "ApiKey"));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<IChatClient>());

        Assert.Equal("Runflow:ApiKey is required. (Parameter 'options')", error.Message);
    }

    [Theory]
    [InlineData("ProjectId", null, "Runflow:ProjectId is required.")]
    [InlineData("Provider", null, "Runflow:Provider is required.")]
    [InlineData("Endpoint", "runflow.test", "Runflow:Endpoint must be an absolute URI.")]
    [InlineData("Endpoint", "ftp://runflow.test/", "Runflow:Endpoint must use http or https, not 'ftp'.")]
    [InlineData("Endpoint", "http://runflow.test/",
        "Runflow:Endpoint uses plain http to 'runflow.test', which would send the API key unencrypted. Use https, or set Runflow:AllowUnencryptedHttp to true.")]
    [InlineData("NetworkTimeout", "00:00:00", "Runflow:NetworkTimeout must be positive or Timeout.InfiniteTimeSpan.")]
    [InlineData("StreamIdleTimeout", "-00:00:01", "Runflow:StreamIdleTimeout must be positive or Timeout.InfiniteTimeSpan.")]
    [InlineData("ChatPath", " ", "Runflow:ChatPath is required.")]
    public void FromConfiguration_InvalidOption_NamesTheKey(string key, string? value, string expected)
    {
        var section = value is null ? ChatSection(without: key) : ChatSection(without: key, (key, value));

        var error = Assert.Throws<ArgumentException>(() => new RunflowChatClient(RunflowClientOptions.FromConfiguration(section)));

        Assert.Equal($"{expected} (Parameter 'options')", error.Message);
        Assert.DoesNotContain(TestClient.ApiKey, error.ToString());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowEmbeddingGenerator_NoTenantInConfigurationAndDiscoveryRefused_NamesTheKey()
    {
        var handler = RecordingHandler.Json("""{"success":false,"error":"Invalid API key"}""", System.Net.HttpStatusCode.Unauthorized);
        var services = new ServiceCollection();
        services.AddRunflowEmbeddingGenerator(ChatSection());
        services.AddHttpClient(RunflowServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();
        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var error = await Assert.ThrowsAsync<RunflowException>(() => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.Equal(
            "Runflow:TenantId is not set, and discovering the tenant of the API key at /api/v1/runtime/auth/discover failed: "
                + "Runflow returned 401 (Unauthorized): Invalid API key. Set Runflow:TenantId to send the tenant without discovery.",
            error.Message);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddKeyedRunflowChatClient_NestedSection_NamesItsFullKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Runflow:Fast:ApiKey"] = TestClient.ApiKey,
            ["Runflow:Fast:ProjectId"] = "p",
        }).Build();
        var services = new ServiceCollection();
        services.AddKeyedRunflowChatClient("fast", configuration.GetSection("Runflow:Fast"));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<ArgumentException>(() => provider.GetRequiredKeyedService<IChatClient>("fast"));

        Assert.Equal("Runflow:Fast:Provider is required. (Parameter 'options')", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_NoModelInConfiguration_NamesTheKey()
    {
        using var client = new RunflowChatClient(
            RunflowClientOptions.FromConfiguration(ChatSection(without: "DefaultModelId")), new HttpClient(RecordingHandler.Json(TestClient.HelloResponse)));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal("No model to call: set ChatOptions.ModelId or Runflow:DefaultModelId.", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_SlowerThanConfiguredNetworkTimeout_NamesTheKey()
    {
        var hangs = new RecordingHandler(async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return null!; });
        using var client = new RunflowChatClient(
            RunflowClientOptions.FromConfiguration(ChatSection(without: null, ("NetworkTimeout", "00:00:00.1"))), new HttpClient(hangs));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal("The call to Runflow took longer than 00:00:00.1000000 (Runflow:NetworkTimeout).", error.Message);
    }

    [Fact]
    public void FromConfiguration_InfiniteTimeoutAsWrittenInReadme_TurnsItOff()
    {
        var options = RunflowClientOptions.FromConfiguration(ChatSection(without: null, ("NetworkTimeout", "-00:00:00.001")));

        Assert.Equal(Timeout.InfiniteTimeSpan, options.NetworkTimeout);
        using var client = new RunflowChatClient(options);
    }

    [Fact]
    public void Constructor_MissingApiKeyInCode_NamesThePropertyAndVariable()
    {
        var error = Assert.Throws<ArgumentException>(() => new RunflowChatClient(TestClient.Options(o => o.ApiKey = null)));

        Assert.Equal("RunflowClientOptions.ApiKey is required (environment variable RUNFLOW_API_KEY). (Parameter 'options')", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowChatClient_MisspelledKey_FailsWhenFirstResolvedWithTheKeyMeant()
    {
        var services = new ServiceCollection();
        services.AddRunflowChatClient(ChatSection(without: "ApiKey", ("ApiKye", TestClient.ApiKey)));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IChatClient>());

        Assert.Equal("Runflow:ApiKye is not a Runflow option; did you mean Runflow:ApiKey?", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowEmbeddingGenerator_UnknownKeys_AreAllReported()
    {
        var services = new ServiceCollection();
        services.AddRunflowEmbeddingGenerator(ChatSection(without: null, ("Tenant", "t1"), ("EmbeddingModel", "e"), ("Retry:Count", "3")));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());

        Assert.Equal(
            "Runflow:EmbeddingModel is not a Runflow option. Runflow:Retry is not a Runflow option. "
            + "Runflow:Tenant is not a Runflow option; did you mean Runflow:TenantId?",
            error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddKeyedRunflowEmbeddingGenerator_MisspelledKey_NamesItsFullKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Runflow:Docs:Endpiont"] = "https://runflow.test/",
        }).Build();
        var services = new ServiceCollection();
        services.AddKeyedRunflowEmbeddingGenerator("docs", configuration.GetSection("Runflow:Docs"));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("docs"));

        Assert.Equal("Runflow:Docs:Endpiont is not a Runflow option; did you mean Runflow:Docs:Endpoint?", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowChatClient_KeysInAnotherCase_AreOptions()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        var services = new ServiceCollection();
        services.AddRunflowChatClient(Configuration(
            ("endpoint", "https://runflow.test/"), ("APIKEY", TestClient.ApiKey), ("Projectid", "p1"), ("provider", "openai"), ("defaultmodelid", "m"))
            .GetSection("Runflow"));
        services.AddHttpClient(RunflowServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Contains("\"projectId\":\"p1\"", handler.Single.Body);
    }

    [Fact]
    public void FromConfiguration_RootConfiguration_NamesBareKeys()
    {
        var root = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ApiKye"] = TestClient.ApiKey }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => RunflowClientOptions.FromConfiguration(root));

        Assert.Equal("ApiKye is not a Runflow option; did you mean ApiKey?", error.Message);
    }

    [Fact]
    public void OptionNames_ListEverySettableProperty()
    {
        var properties = typeof(RunflowClientOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .Select(p => p.Name);

        Assert.Equal(properties.Order(), RunflowConfigurationKeys.OptionNames.Order());
    }
}
