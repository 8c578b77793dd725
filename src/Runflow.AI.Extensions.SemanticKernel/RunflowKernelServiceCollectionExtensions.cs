using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Runflow.AI.Extensions;
using Runflow.AI.Extensions.SemanticKernel;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers Runflow for Semantic Kernel in a service collection: the <see cref="IServiceCollection"/> counterpart of
/// <see cref="RunflowKernelBuilderExtensions"/>. It is named <c>AddRunflowChatCompletion</c> because
/// <c>AddRunflowChatClient</c> on a service collection is the plain Microsoft.Extensions.AI registration, without
/// Semantic Kernel's function invocation.
/// </summary>
public static class RunflowKernelServiceCollectionExtensions
{
    /// <summary>Registers a Runflow <see cref="IChatClient"/> with kernel function invocation and an <see cref="IChatCompletionService"/>, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the client's options.</param>
    /// <param name="serviceId">The key the services are registered under; <see langword="null"/> for the default services.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, one from <c>IHttpClientFactory</c>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddRunflowChatCompletion(
        this IServiceCollection services, Action<RunflowClientOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        RunflowKernelRegistration.Add(services, configure, serviceId, httpClient);
        return services;
    }

    /// <summary>Registers Runflow for Semantic Kernel, configured from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section; its keys are named after <see cref="RunflowClientOptions"/>'s properties.</param>
    /// <param name="serviceId">The key the services are registered under; <see langword="null"/> for the default services.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, one from <c>IHttpClientFactory</c>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddRunflowChatCompletion(
        this IServiceCollection services, IConfiguration configuration, string? serviceId = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        RunflowKernelRegistration.Add(services, configuration, serviceId, httpClient);
        return services;
    }

    /// <summary>Registers Runflow for Semantic Kernel from its four required values.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="modelId">The model, such as <c>gpt-4o</c>.</param>
    /// <param name="apiKey">The Runflow API key.</param>
    /// <param name="projectId">The Runflow project id.</param>
    /// <param name="provider">The provider: <c>openai</c>, <c>anthropic</c>, <c>bedrock</c>, <c>groq</c>, <c>gemini</c>, <c>xai</c> or <c>custom</c>.</param>
    /// <param name="endpoint">The Runflow base address; the public service when <see langword="null"/>.</param>
    /// <param name="serviceId">The key the services are registered under; <see langword="null"/> for the default services.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, one from <c>IHttpClientFactory</c>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddRunflowChatCompletion(
        this IServiceCollection services,
        string modelId,
        string apiKey,
        string projectId,
        string provider,
        Uri? endpoint = null,
        string? serviceId = null,
        HttpClient? httpClient = null) =>
        services.AddRunflowChatCompletion(RunflowKernelRegistration.FromValues(modelId, apiKey, projectId, provider, endpoint), serviceId, httpClient);
}
