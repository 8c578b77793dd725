using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>Builds Runflow chat clients the way an application does: from a service collection, through <c>IHttpClientFactory</c>.</summary>
internal static class BenchmarkServices
{
    /// <summary>Creates a container holding a Runflow chat client over the same handler settings as every other row.</summary>
    /// <param name="endpoint">The stub's base address.</param>
    /// <param name="resilience">Whether to add <c>AddRunflowResilience()</c> (retries, circuit breaker, attempt timeouts).</param>
    /// <param name="factoryLogging">Whether to keep the logging handlers <c>IHttpClientFactory</c> adds to every client;
    /// without them (<c>RemoveAllLoggers()</c>) the load row <c>factory-nologging</c> shows what they cost.</param>
    public static ServiceProvider Create(Uri endpoint, bool resilience, bool factoryLogging = true)
    {
        var services = new ServiceCollection();
        services.AddRunflowChatClient(options =>
        {
            options.Endpoint = endpoint;
            options.ApiKey = BenchmarkClients.ApiKey;
            options.ProjectId = "proj_bench";
            options.Provider = "openai";
            options.DefaultModelId = CannedReplies.Model;
        });

        if (resilience)
        {
            services.AddRunflowResilience();
        }

        // The primary handler of every networked row, so the factory rows differ from the direct one only by the pipeline.
        var http = services.AddHttpClient(RunflowServiceCollectionExtensions.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(BenchmarkHttp.CreateHandler);
        if (!factoryLogging)
        {
            http.RemoveAllLoggers();
        }

        return services.BuildServiceProvider();
    }

    /// <summary>Resolves the chat client of a container made by <see cref="Create"/>.</summary>
    public static IChatClient ChatClient(ServiceProvider services) => services.GetRequiredService<IChatClient>();
}
