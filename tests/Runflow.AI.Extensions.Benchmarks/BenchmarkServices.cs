using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>Builds Runflow chat clients the way an application does: from a service collection, through <c>IHttpClientFactory</c>.</summary>
internal static class BenchmarkServices
{
    /// <summary>Creates a container holding a Runflow chat client over the same handler settings as every other row.</summary>
    /// <param name="endpoint">The stub's base address.</param>
    /// <param name="resilience">Whether to add <c>AddRunflowResilience()</c> (retries, circuit breaker, attempt timeouts).</param>
    public static ServiceProvider Create(Uri endpoint, bool resilience)
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
        services.AddHttpClient(RunflowServiceCollectionExtensions.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(BenchmarkHttp.CreateHandler);
        return services.BuildServiceProvider();
    }

    /// <summary>Resolves the chat client of a container made by <see cref="Create"/>.</summary>
    public static IChatClient ChatClient(ServiceProvider services) => services.GetRequiredService<IChatClient>();
}
