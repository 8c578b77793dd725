#pragma warning disable MEAI001 // The image generator and hosted file client types are experimental in Microsoft.Extensions.AI; their registrations here are marked experimental with the same id.
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Runflow.AI.Extensions;
using Runflow.AI.Extensions.Protocol;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="RunflowChatClient"/> as the application's <see cref="IChatClient"/>,
/// <see cref="RunflowEmbeddingGenerator"/> as its <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>,
/// <see cref="RunflowImageGenerator"/> as its <see cref="IImageGenerator"/>, <see cref="RunflowHostedFileClient"/> as its
/// <see cref="IHostedFileClient"/>, and <see cref="RunflowMemoryClient"/>.</summary>
/// <remarks>
/// The client sends through <see cref="IHttpClientFactory"/> (a named client per registration, so handlers such as
/// Microsoft.Extensions.Http.Resilience can be added to it) and its options are validated when it is first resolved.
/// Options from a configuration section are then also checked for keys that are not options, and errors name the
/// section's keys (<c>Runflow:ApiKey</c>) rather than the properties.
/// </remarks>
public static class RunflowServiceCollectionExtensions
{
    // The image and hosted-file registrations are as experimental as the Microsoft.Extensions.AI types they return.
    private const string MeaiExperimental = "MEAI001";
    private const string MeaiExperimentalUrl = "https://aka.ms/dotnet-extensions-warnings/{0}";

    /// <summary>The name of the <see cref="HttpClient"/> the default registration sends with; keyed ones append their key.</summary>
    public const string HttpClientName = "Runflow.AI.Extensions";

    /// <summary>Registers a Runflow <see cref="IChatClient"/> configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the client's options.</param>
    /// <param name="lifetime">The lifetime of the client; singleton by default.</param>
    /// <returns>A builder for adding middleware (function invocation, logging, telemetry, caching) to the client.</returns>
    public static ChatClientBuilder AddRunflowChatClient(
        this IServiceCollection services, Action<RunflowClientOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(configure);
        return services.AddChatClient(Register(services, serviceKey: null, options => options.Configure(configure)), lifetime);
    }

    /// <summary>Registers a Runflow <see cref="IChatClient"/> configured from a configuration section
    /// (keys named after the <see cref="RunflowClientOptions"/> properties: <c>Endpoint</c>, <c>ApiKey</c>, <c>ProjectId</c>, …).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <param name="lifetime">The lifetime of the client; singleton by default.</param>
    /// <returns>A builder for adding middleware to the client.</returns>
    public static ChatClientBuilder AddRunflowChatClient(
        this IServiceCollection services, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(configuration);
        return services.AddChatClient(Register(services, serviceKey: null, FromSection(configuration)), lifetime);
    }

    /// <summary>Registers a Runflow <see cref="IChatClient"/> under a key, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key to resolve the client with.</param>
    /// <param name="configure">Sets the client's options.</param>
    /// <param name="lifetime">The lifetime of the client; singleton by default.</param>
    /// <returns>A builder for adding middleware to the client.</returns>
    public static ChatClientBuilder AddKeyedRunflowChatClient(
        this IServiceCollection services, object serviceKey, Action<RunflowClientOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(serviceKey);
        Throw.IfNull(configure);
        return services.AddKeyedChatClient(serviceKey, Register(services, serviceKey, options => options.Configure(configure)), lifetime);
    }

    /// <summary>Registers a Runflow <see cref="IChatClient"/> under a key, configured from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key to resolve the client with.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <param name="lifetime">The lifetime of the client; singleton by default.</param>
    /// <returns>A builder for adding middleware to the client.</returns>
    public static ChatClientBuilder AddKeyedRunflowChatClient(
        this IServiceCollection services, object serviceKey, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(serviceKey);
        Throw.IfNull(configuration);
        return services.AddKeyedChatClient(serviceKey, Register(services, serviceKey, FromSection(configuration)), lifetime);
    }

    /// <summary>Gets the name of the <see cref="HttpClient"/> and options of a registration.</summary>
    /// <param name="serviceKey">The registration's key, or <see langword="null"/> for the default one.</param>
    /// <returns>The name, for <c>services.AddHttpClient(name)</c> or <c>IOptionsMonitor&lt;RunflowClientOptions&gt;.Get(name)</c>.</returns>
    public static string GetHttpClientName(object? serviceKey) =>
        serviceKey is null ? HttpClientName : $"{HttpClientName}:{serviceKey}";

    /// <summary>Registers a Runflow <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the generator's options (without a tenant, the key's tenant is discovered).</param>
    /// <param name="lifetime">The lifetime of the generator; singleton by default.</param>
    /// <returns>A builder for adding middleware (logging, telemetry, caching) to the generator.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddRunflowEmbeddingGenerator(
        this IServiceCollection services, Action<RunflowClientOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(configure);
        return services.AddEmbeddingGenerator(RegisterEmbeddings(services, serviceKey: null, options => options.Configure(configure)), lifetime);
    }

    /// <summary>Registers a Runflow <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> configured from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <param name="lifetime">The lifetime of the generator; singleton by default.</param>
    /// <returns>A builder for adding middleware to the generator.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddRunflowEmbeddingGenerator(
        this IServiceCollection services, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(configuration);
        return services.AddEmbeddingGenerator(RegisterEmbeddings(services, serviceKey: null, FromSection(configuration)), lifetime);
    }

    /// <summary>Registers a Runflow <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> under a key, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key to resolve the generator with.</param>
    /// <param name="configure">Sets the generator's options (without a tenant, the key's tenant is discovered).</param>
    /// <param name="lifetime">The lifetime of the generator; singleton by default.</param>
    /// <returns>A builder for adding middleware to the generator.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedRunflowEmbeddingGenerator(
        this IServiceCollection services, object serviceKey, Action<RunflowClientOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(serviceKey);
        Throw.IfNull(configure);
        return services.AddKeyedEmbeddingGenerator(serviceKey, RegisterEmbeddings(services, serviceKey, options => options.Configure(configure)), lifetime);
    }

    /// <summary>Registers a Runflow <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> under a key, configured from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key to resolve the generator with.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <param name="lifetime">The lifetime of the generator; singleton by default.</param>
    /// <returns>A builder for adding middleware to the generator.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedRunflowEmbeddingGenerator(
        this IServiceCollection services, object serviceKey, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(serviceKey);
        Throw.IfNull(configuration);
        return services.AddKeyedEmbeddingGenerator(serviceKey, RegisterEmbeddings(services, serviceKey, FromSection(configuration)), lifetime);
    }

    /// <summary>Registers a Runflow <see cref="IImageGenerator"/> configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the generator's options.</param>
    /// <param name="lifetime">The lifetime of the generator; singleton by default.</param>
    /// <returns>A builder for adding middleware (logging, telemetry, option defaults) to the generator.</returns>
    [Experimental(MeaiExperimental, UrlFormat = MeaiExperimentalUrl)]
    public static ImageGeneratorBuilder AddRunflowImageGenerator(
        this IServiceCollection services, Action<RunflowClientOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(configure);
        return services.AddImageGenerator(RegisterImageGenerator(services, serviceKey: null, options => options.Configure(configure)), lifetime);
    }

    /// <summary>Registers a Runflow <see cref="IImageGenerator"/> configured from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <param name="lifetime">The lifetime of the generator; singleton by default.</param>
    /// <returns>A builder for adding middleware (logging, telemetry, option defaults) to the generator.</returns>
    [Experimental(MeaiExperimental, UrlFormat = MeaiExperimentalUrl)]
    public static ImageGeneratorBuilder AddRunflowImageGenerator(
        this IServiceCollection services, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(configuration);
        return services.AddImageGenerator(RegisterImageGenerator(services, serviceKey: null, FromSection(configuration)), lifetime);
    }

    /// <summary>Registers a Runflow <see cref="IImageGenerator"/> under a key, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key to resolve the generator with.</param>
    /// <param name="configure">Sets the generator's options.</param>
    /// <param name="lifetime">The lifetime of the generator; singleton by default.</param>
    /// <returns>A builder for adding middleware (logging, telemetry, option defaults) to the generator.</returns>
    [Experimental(MeaiExperimental, UrlFormat = MeaiExperimentalUrl)]
    public static ImageGeneratorBuilder AddKeyedRunflowImageGenerator(
        this IServiceCollection services, object serviceKey, Action<RunflowClientOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(serviceKey);
        Throw.IfNull(configure);
        return services.AddKeyedImageGenerator(serviceKey, RegisterImageGenerator(services, serviceKey, options => options.Configure(configure)), lifetime);
    }

    /// <summary>Registers a Runflow <see cref="IImageGenerator"/> under a key, configured from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key to resolve the generator with.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <param name="lifetime">The lifetime of the generator; singleton by default.</param>
    /// <returns>A builder for adding middleware (logging, telemetry, option defaults) to the generator.</returns>
    [Experimental(MeaiExperimental, UrlFormat = MeaiExperimentalUrl)]
    public static ImageGeneratorBuilder AddKeyedRunflowImageGenerator(
        this IServiceCollection services, object serviceKey, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(serviceKey);
        Throw.IfNull(configuration);
        return services.AddKeyedImageGenerator(serviceKey, RegisterImageGenerator(services, serviceKey, FromSection(configuration)), lifetime);
    }

    /// <summary>Registers a Runflow <see cref="IHostedFileClient"/> configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the client's options.</param>
    /// <param name="lifetime">The lifetime of the client; singleton by default.</param>
    /// <returns>A builder for adding middleware (logging, telemetry) to the client.</returns>
    [Experimental(MeaiExperimental, UrlFormat = MeaiExperimentalUrl)]
    public static HostedFileClientBuilder AddRunflowHostedFileClient(
        this IServiceCollection services, Action<RunflowClientOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(configure);
        return AddHostedFileClient(services, serviceKey: null, RegisterHostedFileClient(services, serviceKey: null, options => options.Configure(configure)), lifetime);
    }

    /// <summary>Registers a Runflow <see cref="IHostedFileClient"/> configured from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <param name="lifetime">The lifetime of the client; singleton by default.</param>
    /// <returns>A builder for adding middleware (logging, telemetry) to the client.</returns>
    [Experimental(MeaiExperimental, UrlFormat = MeaiExperimentalUrl)]
    public static HostedFileClientBuilder AddRunflowHostedFileClient(
        this IServiceCollection services, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(configuration);
        return AddHostedFileClient(services, serviceKey: null, RegisterHostedFileClient(services, serviceKey: null, FromSection(configuration)), lifetime);
    }

    /// <summary>Registers a Runflow <see cref="IHostedFileClient"/> under a key, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key to resolve the client with.</param>
    /// <param name="configure">Sets the client's options.</param>
    /// <param name="lifetime">The lifetime of the client; singleton by default.</param>
    /// <returns>A builder for adding middleware (logging, telemetry) to the client.</returns>
    [Experimental(MeaiExperimental, UrlFormat = MeaiExperimentalUrl)]
    public static HostedFileClientBuilder AddKeyedRunflowHostedFileClient(
        this IServiceCollection services, object serviceKey, Action<RunflowClientOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(serviceKey);
        Throw.IfNull(configure);
        return AddHostedFileClient(services, serviceKey, RegisterHostedFileClient(services, serviceKey, options => options.Configure(configure)), lifetime);
    }

    /// <summary>Registers a Runflow <see cref="IHostedFileClient"/> under a key, configured from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key to resolve the client with.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <param name="lifetime">The lifetime of the client; singleton by default.</param>
    /// <returns>A builder for adding middleware (logging, telemetry) to the client.</returns>
    [Experimental(MeaiExperimental, UrlFormat = MeaiExperimentalUrl)]
    public static HostedFileClientBuilder AddKeyedRunflowHostedFileClient(
        this IServiceCollection services, object serviceKey, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(serviceKey);
        Throw.IfNull(configuration);
        return AddHostedFileClient(services, serviceKey, RegisterHostedFileClient(services, serviceKey, FromSection(configuration)), lifetime);
    }

    /// <summary>Registers a <see cref="RunflowMemoryClient"/> configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the client's options.</param>
    /// <param name="lifetime">The lifetime of the client; singleton by default.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddRunflowMemoryClient(
        this IServiceCollection services, Action<RunflowClientOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(configure);
        return AddMemoryClient(services, serviceKey: null, options => options.Configure(configure), lifetime);
    }

    /// <summary>Registers a <see cref="RunflowMemoryClient"/> configured from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <param name="lifetime">The lifetime of the client; singleton by default.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddRunflowMemoryClient(
        this IServiceCollection services, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(configuration);
        return AddMemoryClient(services, serviceKey: null, FromSection(configuration), lifetime);
    }

    /// <summary>Registers a <see cref="RunflowMemoryClient"/> under a key, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key to resolve the client with.</param>
    /// <param name="configure">Sets the client's options.</param>
    /// <param name="lifetime">The lifetime of the client; singleton by default.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddKeyedRunflowMemoryClient(
        this IServiceCollection services, object serviceKey, Action<RunflowClientOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(serviceKey);
        Throw.IfNull(configure);
        return AddMemoryClient(services, serviceKey, options => options.Configure(configure), lifetime);
    }

    /// <summary>Registers a <see cref="RunflowMemoryClient"/> under a key, configured from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key to resolve the client with.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <param name="lifetime">The lifetime of the client; singleton by default.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddKeyedRunflowMemoryClient(
        this IServiceCollection services, object serviceKey, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(serviceKey);
        Throw.IfNull(configuration);
        return AddMemoryClient(services, serviceKey, FromSection(configuration), lifetime);
    }

    /// <summary>Binds a registration's options to a section, then checks the section's keys and makes errors name them.</summary>
    private static Action<OptionsBuilder<RunflowClientOptions>> FromSection(IConfiguration configuration) =>
        options => options.Bind(configuration).Configure(bound => bound.BoundFrom(configuration));

    private static Func<IServiceProvider, IChatClient> Register(
        IServiceCollection services, object? serviceKey, Action<OptionsBuilder<RunflowClientOptions>> configure) =>
        Register<IChatClient>(services, serviceKey, configure, static (options, http, time) => new RunflowChatClient(options, http, time));

    private static Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>> RegisterEmbeddings(
        IServiceCollection services, object? serviceKey, Action<OptionsBuilder<RunflowClientOptions>> configure) =>
        Register<IEmbeddingGenerator<string, Embedding<float>>>(services, serviceKey, configure, static (options, http, time) => new RunflowEmbeddingGenerator(options, http, time));

    private static Func<IServiceProvider, IImageGenerator> RegisterImageGenerator(
        IServiceCollection services, object? serviceKey, Action<OptionsBuilder<RunflowClientOptions>> configure) =>
        Register<IImageGenerator>(services, serviceKey, configure, static (options, http, time) => new RunflowImageGenerator(options, http, time));

    private static Func<IServiceProvider, IHostedFileClient> RegisterHostedFileClient(
        IServiceCollection services, object? serviceKey, Action<OptionsBuilder<RunflowClientOptions>> configure) =>
        Register<IHostedFileClient>(services, serviceKey, configure, static (options, http, time) => new RunflowHostedFileClient(options, http, time));

    /// <summary>
    /// Registers a hosted file client as Microsoft.Extensions.AI registers chat clients and image generators: it has a
    /// builder for hosted file clients but no registration of its own.
    /// </summary>
    private static HostedFileClientBuilder AddHostedFileClient(
        IServiceCollection services, object? serviceKey, Func<IServiceProvider, IHostedFileClient> factory, ServiceLifetime lifetime)
    {
        var builder = new HostedFileClientBuilder(factory);
        services.Add(serviceKey is null
            ? new ServiceDescriptor(typeof(IHostedFileClient), builder.Build, lifetime)
            : new ServiceDescriptor(typeof(IHostedFileClient), serviceKey, (provider, _) => builder.Build(provider), lifetime));
        return builder;
    }

    /// <summary>Registers a memory client over the options and HTTP client of its key, which it shares with the chat client.</summary>
    private static IServiceCollection AddMemoryClient(
        IServiceCollection services, object? serviceKey, Action<OptionsBuilder<RunflowClientOptions>> configure, ServiceLifetime lifetime)
    {
        var factory = Register(services, serviceKey, configure, static (options, http, time) => new RunflowMemoryClient(options, http, time));
        services.Add(serviceKey is null
            ? new ServiceDescriptor(typeof(RunflowMemoryClient), factory, lifetime)
            : new ServiceDescriptor(typeof(RunflowMemoryClient), serviceKey, (provider, _) => factory(provider), lifetime));
        return services;
    }

    /// <summary>Adds a registration's options and HTTP client, and returns the factory of its service over them.</summary>
    private static Func<IServiceProvider, TService> Register<TService>(
        IServiceCollection services,
        object? serviceKey,
        Action<OptionsBuilder<RunflowClientOptions>> configure,
        Func<RunflowClientOptions, HttpClient, TimeProvider?, TService> create)
    {
        var name = RegisterOptionsAndHttpClient(services, serviceKey, configure);
        return provider => create(
            provider.GetRequiredService<IOptionsMonitor<RunflowClientOptions>>().Get(name),
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(name),
            provider.GetService<TimeProvider>());
    }

    /// <summary>
    /// Adds the named options and HTTP client of a registration. The chat client, embedding generator, image generator
    /// and hosted file client registered under the same key share both.
    /// </summary>
    private static string RegisterOptionsAndHttpClient(
        IServiceCollection services, object? serviceKey, Action<OptionsBuilder<RunflowClientOptions>> configure)
    {
        Throw.IfNull(services);
        var name = GetHttpClientName(serviceKey);
        configure(services.AddOptions<RunflowClientOptions>(name));

        AddHttpClient(services, name);
        return name;
    }

    /// <summary>
    /// Adds a registration's named HTTP client once, whichever Runflow registration for that name comes first, and drops
    /// the resilience handlers that <c>ConfigureHttpClientDefaults</c> gives every client.
    /// </summary>
    /// <remarks>
    /// The defaults' handlers (the Aspire ServiceDefaults' <c>AddStandardResilienceHandler()</c>: 10 s per attempt, 30 s in
    /// all) would cut off any generation that takes longer. Defaults always run before a named client's own
    /// configuration, so removing here drops exactly those; a handler added afterwards for this name, such as
    /// <see cref="RunflowResilienceServiceCollectionExtensions.AddRunflowResilience"/>'s, is kept.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name.</param>
    /// <returns>The client's builder.</returns>
    internal static IHttpClientBuilder AddHttpClient(IServiceCollection services, string name)
    {
        IHttpClientBuilder builder = services.AddHttpClient(name);
        if (services.Any(d => d.ServiceType == typeof(RunflowHttpClientRegistration) && d.ImplementationInstance is RunflowHttpClientRegistration r && r.Name == name))
        {
            return builder;
        }

        services.AddSingleton(new RunflowHttpClientRegistration(name));

        // Experimental in Microsoft.Extensions.Http.Resilience (EXTEXP0001); the version is pinned, and a test fails if
        // inherited handlers stop being removed.
#pragma warning disable EXTEXP0001
        builder.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return builder
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(RunflowTransport.CreateHandler)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
    }
}
