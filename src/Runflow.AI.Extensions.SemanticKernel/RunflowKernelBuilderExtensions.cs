using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel.ChatCompletion;
using Runflow.AI.Extensions;
using Runflow.AI.Extensions.SemanticKernel;

namespace Microsoft.SemanticKernel;

/// <summary>
/// Adds Runflow to a kernel: an <see cref="IChatClient"/> wrapped with Semantic Kernel's function invocation (so
/// <c>FunctionChoiceBehavior.Auto()</c> calls kernel functions and <see cref="IAutoFunctionInvocationFilter"/>s run),
/// and an <see cref="IChatCompletionService"/> over it; and Runflow embeddings as an
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>.
/// </summary>
public static class RunflowKernelBuilderExtensions
{
    /// <summary>Adds a Runflow chat client configured in code.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Sets the client's options.</param>
    /// <param name="serviceId">The key the services are registered under, matching <c>PromptExecutionSettings.ServiceId</c>;
    /// <see langword="null"/> for the default services.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, one from <c>IHttpClientFactory</c>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IKernelBuilder AddRunflowChatClient(
        this IKernelBuilder builder, Action<RunflowClientOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRunflowChatCompletion(configure, serviceId, httpClient);
        return builder;
    }

    /// <summary>Adds a Runflow chat client configured from a configuration section.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configuration">The section; its keys are named after <see cref="RunflowClientOptions"/>'s properties.</param>
    /// <param name="serviceId">The key the services are registered under; <see langword="null"/> for the default services.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, one from <c>IHttpClientFactory</c>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IKernelBuilder AddRunflowChatClient(
        this IKernelBuilder builder, IConfiguration configuration, string? serviceId = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRunflowChatCompletion(configuration, serviceId, httpClient);
        return builder;
    }

    /// <summary>Adds a Runflow chat client from its four required values.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="modelId">The model, such as <c>gpt-4o</c>.</param>
    /// <param name="apiKey">The Runflow API key.</param>
    /// <param name="projectId">The Runflow project id.</param>
    /// <param name="provider">The provider: <c>openai</c>, <c>anthropic</c>, <c>bedrock</c>, <c>groq</c>, <c>gemini</c>, <c>xai</c> or <c>custom</c>.</param>
    /// <param name="endpoint">The Runflow base address; the public service when <see langword="null"/>.</param>
    /// <param name="serviceId">The key the services are registered under; <see langword="null"/> for the default services.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, one from <c>IHttpClientFactory</c>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IKernelBuilder AddRunflowChatClient(
        this IKernelBuilder builder,
        string modelId,
        string apiKey,
        string projectId,
        string provider,
        Uri? endpoint = null,
        string? serviceId = null,
        HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRunflowChatCompletion(modelId, apiKey, projectId, provider, endpoint, serviceId, httpClient);
        return builder;
    }

    /// <summary>Adds a Runflow embedding generator configured in code.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Sets the generator's options; without a tenant, the key's tenant is discovered.</param>
    /// <param name="serviceId">The key the generator is registered under; <see langword="null"/> for the default one.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, one from <c>IHttpClientFactory</c>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IKernelBuilder AddRunflowEmbeddingGenerator(
        this IKernelBuilder builder, Action<RunflowClientOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        RunflowKernelRegistration.AddEmbeddings(builder.Services, configure, serviceId, httpClient);
        return builder;
    }

    /// <summary>Adds a Runflow embedding generator configured from a configuration section.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configuration">The section; its keys are named after <see cref="RunflowClientOptions"/>'s properties.</param>
    /// <param name="serviceId">The key the generator is registered under; <see langword="null"/> for the default one.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, one from <c>IHttpClientFactory</c>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IKernelBuilder AddRunflowEmbeddingGenerator(
        this IKernelBuilder builder, IConfiguration configuration, string? serviceId = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        RunflowKernelRegistration.AddEmbeddings(builder.Services, configuration, serviceId, httpClient);
        return builder;
    }

    /// <summary>Adds a Runflow embedding generator from its required values.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="modelId">The embedding model, such as <c>text-embedding-3-small</c>.</param>
    /// <param name="apiKey">The Runflow API key.</param>
    /// <param name="tenantId">The Runflow tenant id, which the embeddings endpoint requires (the other overloads can leave it to discovery).</param>
    /// <param name="endpoint">The Runflow base address; the public service when <see langword="null"/>.</param>
    /// <param name="serviceId">The key the generator is registered under; <see langword="null"/> for the default one.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, one from <c>IHttpClientFactory</c>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IKernelBuilder AddRunflowEmbeddingGenerator(
        this IKernelBuilder builder,
        string modelId,
        string apiKey,
        string tenantId,
        Uri? endpoint = null,
        string? serviceId = null,
        HttpClient? httpClient = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return builder.AddRunflowEmbeddingGenerator(
            options =>
            {
                options.DefaultEmbeddingModelId = modelId;
                options.ApiKey = apiKey;
                options.TenantId = tenantId;
                options.Endpoint = endpoint ?? options.Endpoint;
            },
            serviceId,
            httpClient);
    }
}
