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
    public static void Add(IServiceCollection services, Action<RunflowClientOptions> configure, string? serviceId, HttpClient? httpClient) =>
        Add(
            services,
            serviceId,
            httpClient,
            () => serviceId is null ? services.AddRunflowChatClient(configure) : services.AddKeyedRunflowChatClient(serviceId, configure),
            () => Configured(configure));

    /// <summary>Registers as <see cref="Add(IServiceCollection, Action{RunflowClientOptions}, string?, HttpClient?)"/> does,
    /// with the options bound from a configuration section by the core package, so unknown keys are reported and errors
    /// name the section's keys.</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration, string? serviceId, HttpClient? httpClient) =>
        Add(
            services,
            serviceId,
            httpClient,
            () => serviceId is null ? services.AddRunflowChatClient(configuration) : services.AddKeyedRunflowChatClient(serviceId, configuration),
            () => RunflowClientOptions.FromConfiguration(configuration));

    /// <summary>Registers the Runflow embedding generator, keyed by <paramref name="serviceId"/> when one is given.</summary>
    public static void AddEmbeddings(IServiceCollection services, Action<RunflowClientOptions> configure, string? serviceId, HttpClient? httpClient) =>
        AddEmbeddings(
            services,
            serviceId,
            httpClient,
            () => serviceId is null ? services.AddRunflowEmbeddingGenerator(configure) : services.AddKeyedRunflowEmbeddingGenerator(serviceId, configure),
            () => Configured(configure));

    /// <summary>Registers the Runflow embedding generator with its options bound from a configuration section.</summary>
    public static void AddEmbeddings(IServiceCollection services, IConfiguration configuration, string? serviceId, HttpClient? httpClient) =>
        AddEmbeddings(
            services,
            serviceId,
            httpClient,
            () => serviceId is null ? services.AddRunflowEmbeddingGenerator(configuration) : services.AddKeyedRunflowEmbeddingGenerator(serviceId, configuration),
            () => RunflowClientOptions.FromConfiguration(configuration));

    /// <summary>Makes the core registration with <paramref name="register"/>, unless an <paramref name="httpClient"/> is given:
    /// the core registration sends through <c>IHttpClientFactory</c>, so a client over that one is created here, with
    /// options from <paramref name="create"/>.</summary>
    private static void Add(
        IServiceCollection services, string? serviceId, HttpClient? httpClient, Func<ChatClientBuilder> register, Func<RunflowClientOptions> create)
    {
        ChatClientBuilder builder;
        if (httpClient is null)
        {
            builder = register();
        }
        else
        {
            IChatClient Create(IServiceProvider provider) => new RunflowChatClient(create(), httpClient, provider.GetService<TimeProvider>());

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

    /// <summary>Makes the core registration, or one over <paramref name="httpClient"/>, as the chat one does.</summary>
    private static void AddEmbeddings(
        IServiceCollection services,
        string? serviceId,
        HttpClient? httpClient,
        Func<EmbeddingGeneratorBuilder<string, Embedding<float>>> register,
        Func<RunflowClientOptions> create)
    {
        if (httpClient is null)
        {
            _ = register();
            return;
        }

        IEmbeddingGenerator<string, Embedding<float>> Create(IServiceProvider provider) =>
            new RunflowEmbeddingGenerator(create(), httpClient, provider.GetService<TimeProvider>());

        _ = serviceId is null ? services.AddEmbeddingGenerator(Create) : services.AddKeyedEmbeddingGenerator(serviceId, Create);
    }

    private static RunflowClientOptions Configured(Action<RunflowClientOptions> configure)
    {
        var options = new RunflowClientOptions();
        configure(options);
        return options;
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
