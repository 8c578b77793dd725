using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Runflow.AI.Extensions.SemanticKernel;

/// <summary>The one registration behind every Semantic Kernel entry point of this package.</summary>
internal static class RunflowKernelRegistration
{
    /// <summary>
    /// Registers the Runflow <see cref="IChatClient"/>, wrapped with Semantic Kernel's function invocation so kernel
    /// functions run and auto-invocation filters see them, and an <see cref="IChatCompletionService"/> over that client;
    /// both keyed by <paramref name="serviceId"/> when one is given.
    /// </summary>
    public static void Add(IServiceCollection services, Action<RunflowClientOptions> configure, string? serviceId, HttpClient? httpClient)
    {
        ChatClientBuilder builder;
        if (httpClient is null)
        {
            builder = serviceId is null
                ? services.AddRunflowChatClient(configure)
                : services.AddKeyedRunflowChatClient(serviceId, configure);
        }
        else
        {
            IChatClient Create(IServiceProvider provider)
            {
                var options = new RunflowClientOptions();
                configure(options);
                return new RunflowChatClient(options, httpClient, provider.GetService<TimeProvider>());
            }

            builder = serviceId is null ? services.AddChatClient(Create) : services.AddKeyedChatClient(serviceId, Create);
        }

        builder.UseKernelFunctionInvocation();

        if (serviceId is null)
        {
            services.AddSingleton(provider => provider.GetRequiredService<IChatClient>().AsChatCompletionService(provider));
        }
        else
        {
            services.AddKeyedSingleton(serviceId, (provider, key) => provider.GetRequiredKeyedService<IChatClient>(key).AsChatCompletionService(provider));
        }
    }

    /// <summary>Registers the Runflow embedding generator, keyed by <paramref name="serviceId"/> when one is given.</summary>
    public static void AddEmbeddings(IServiceCollection services, Action<RunflowClientOptions> configure, string? serviceId, HttpClient? httpClient)
    {
        if (httpClient is null)
        {
            _ = serviceId is null
                ? services.AddRunflowEmbeddingGenerator(configure)
                : services.AddKeyedRunflowEmbeddingGenerator(serviceId, configure);
            return;
        }

        IEmbeddingGenerator<string, Embedding<float>> Create(IServiceProvider provider)
        {
            var options = new RunflowClientOptions();
            configure(options);
            return new RunflowEmbeddingGenerator(options, httpClient, provider.GetService<TimeProvider>());
        }

        _ = serviceId is null ? services.AddEmbeddingGenerator(Create) : services.AddKeyedEmbeddingGenerator(serviceId, Create);
    }

    /// <summary>Reads the options from a configuration section whose keys are named after <see cref="RunflowClientOptions"/>'s properties.</summary>
    public static Action<RunflowClientOptions> FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return options => configuration.Bind(options);
    }

    /// <summary>Sets the options of the plain (model, key, project, provider) form.</summary>
    public static Action<RunflowClientOptions> FromValues(string modelId, string apiKey, string projectId, string provider, Uri? endpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        return options =>
        {
            options.DefaultModelId = modelId;
            options.ApiKey = apiKey;
            options.ProjectId = projectId;
            options.Provider = provider;
            options.Endpoint = endpoint ?? options.Endpoint;
        };
    }
}
