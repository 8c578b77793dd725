using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Runflow.AI.Extensions.Tests;

/// <summary>The resilience handlers in a Runflow client's handler chain when ServiceDefaults-style defaults give every
/// <see cref="HttpClient"/> the standard handler.</summary>
public sealed class RunflowInheritedResilienceTests
{
    private static void Configure(RunflowClientOptions o)
    {
        o.Endpoint = new Uri("https://runflow.test/");
        o.ApiKey = "rf-test-key";
        o.ProjectId = "p";
        o.Provider = "openai";
    }

    private static int ResilienceHandlers(ServiceProvider provider, string name)
    {
        int count = 0;
        for (HttpMessageHandler? handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(name);
             handler is DelegatingHandler delegating;
             handler = delegating.InnerHandler)
        {
            count += handler is ResilienceHandler ? 1 : 0;
        }

        return count;
    }

    [Fact]
    public void Registration_ServiceDefaults_DropsTheInheritedHandlerAndOnlyFromRunflow()
    {
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        services.AddRunflowChatClient(Configure);
        services.AddHttpClient("other");
        using var provider = services.BuildServiceProvider();

        Assert.Equal(0, ResilienceHandlers(provider, RunflowServiceCollectionExtensions.HttpClientName));
        Assert.Equal(1, ResilienceHandlers(provider, "other"));
    }

    [Fact]
    public void AddRunflowResilience_AfterTheClientAndBeforeTheGenerator_IsKept()
    {
        var services = new ServiceCollection();
        services.AddRunflowChatClient(Configure);
        services.AddRunflowResilience();
        services.AddRunflowEmbeddingGenerator(Configure);
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        using var provider = services.BuildServiceProvider();

        Assert.Equal(1, ResilienceHandlers(provider, RunflowServiceCollectionExtensions.HttpClientName));
    }

    [Fact]
    public void AddRunflowResilience_BeforeTheClient_IsKept()
    {
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        services.AddRunflowResilience(serviceKey: "eu");
        services.AddKeyedRunflowChatClient("eu", Configure);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(1, ResilienceHandlers(provider, RunflowServiceCollectionExtensions.GetHttpClientName("eu")));
    }
}
