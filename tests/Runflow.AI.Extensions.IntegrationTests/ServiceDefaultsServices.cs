using Microsoft.Extensions.DependencyInjection;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>A service provider wired as an Aspire ServiceDefaults project wires one, with a Runflow chat client on top.</summary>
internal static class ServiceDefaultsServices
{
    /// <summary>Builds the provider: every <see cref="HttpClient"/> gets the standard resilience handler (10 s per attempt,
    /// 30 s in all), exactly as the ServiceDefaults template adds it, then the Runflow chat client is registered.</summary>
    /// <param name="endpoint">The emulator's address.</param>
    /// <returns>The provider.</returns>
    public static ServiceProvider Build(Uri endpoint)
    {
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        services.AddRunflowChatClient(o =>
        {
            o.Endpoint = endpoint;
            o.ApiKey = "rf-test-key";
            o.ProjectId = "proj";
            o.Provider = "openai";
            o.DefaultModelId = "gpt-4o-mini";
        });
        return services.BuildServiceProvider();
    }
}
