using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Runflow.AI.Extensions;
using Runflow.AI.Extensions.Aspire;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers Runflow clients the way Aspire client integrations do: from <c>ConnectionStrings:{name}</c> and the
/// <c>Aspire:Runflow</c> section, with a health check and OpenTelemetry tracing and metrics.</summary>
/// <remarks>
/// <para>The registered client wraps the Runflow client in <see cref="OpenTelemetryChatClient"/> (source and meter
/// <see cref="TelemetrySourceName"/>, logging through the app's <see cref="ILoggerFactory"/>) unless
/// <see cref="RunflowClientSettings.DisableTracing"/>; middleware added to the returned builder, such as
/// <c>UseFunctionInvocation()</c>, goes around it, so each call to the model is its own span.</para>
/// <para>The HTTP client and options of connection <c>runflow</c> are named <c>Runflow.AI.Extensions:runflow</c>, so
/// <c>builder.Services.AddRunflowResilience(serviceKey: "runflow")</c> adds Runflow's resilience to it. Like every Runflow
/// registration, it drops the resilience handler that ServiceDefaults' <c>ConfigureHttpClientDefaults</c> gives every
/// client, whose 10 s attempt timeout would end long generations.</para>
/// </remarks>
public static class RunflowHostApplicationBuilderExtensions
{
    /// <summary>The configuration section the settings are read from; <c>Aspire:Runflow:{name}</c> overrides it per connection.</summary>
    public const string ConfigurationSectionName = "Aspire:Runflow";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>
    /// the clients report to, which the registration adds to the app's OpenTelemetry tracing and metrics.</summary>
    public const string TelemetrySourceName = "Runflow.AI.Extensions";

    /// <summary>Registers a Runflow <see cref="IChatClient"/> for connection <paramref name="connectionName"/>.</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="connectionName">The connection string's name, which is the Aspire resource's name.</param>
    /// <param name="configureSettings">Changes the settings after they are read from configuration.</param>
    /// <param name="configureOptions">Sets further client options (timeouts, paths, body limits).</param>
    /// <returns>A builder for adding middleware (function invocation, logging, caching) to the client.</returns>
    /// <exception cref="InvalidOperationException">The connection is missing a required value or has a malformed one; the
    /// message names the configuration key.</exception>
    public static ChatClientBuilder AddRunflowChatClient(
        this IHostApplicationBuilder builder, string connectionName, Action<RunflowClientSettings>? configureSettings = null, Action<RunflowClientOptions>? configureOptions = null)
    {
        RunflowClientSettings settings = Register(builder, connectionName, configureSettings, configureOptions, chat: true);
        return builder.Services.AddChatClient(provider => WrapChatClient(provider, connectionName, settings));
    }

    /// <summary>Registers a Runflow <see cref="IChatClient"/> for connection <paramref name="name"/>, keyed by that name.</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The connection string's name and the service key.</param>
    /// <param name="configureSettings">Changes the settings after they are read from configuration.</param>
    /// <param name="configureOptions">Sets further client options.</param>
    /// <returns>A builder for adding middleware to the client.</returns>
    /// <exception cref="InvalidOperationException">The connection is missing a required value or has a malformed one.</exception>
    public static ChatClientBuilder AddKeyedRunflowChatClient(
        this IHostApplicationBuilder builder, string name, Action<RunflowClientSettings>? configureSettings = null, Action<RunflowClientOptions>? configureOptions = null)
    {
        RunflowClientSettings settings = Register(builder, name, configureSettings, configureOptions, chat: true);
        return builder.Services.AddKeyedChatClient(name, provider => WrapChatClient(provider, name, settings));
    }

    /// <summary>Registers a Runflow <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for connection <paramref name="connectionName"/>.</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="connectionName">The connection string's name.</param>
    /// <param name="configureSettings">Changes the settings after they are read from configuration.</param>
    /// <param name="configureOptions">Sets further client options (embedding model, provider, dimensions).</param>
    /// <returns>A builder for adding middleware to the generator.</returns>
    /// <exception cref="InvalidOperationException">The connection is missing a required value or has a malformed one.</exception>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddRunflowEmbeddingGenerator(
        this IHostApplicationBuilder builder, string connectionName, Action<RunflowClientSettings>? configureSettings = null, Action<RunflowClientOptions>? configureOptions = null)
    {
        RunflowClientSettings settings = Register(builder, connectionName, configureSettings, configureOptions, chat: false);
        return builder.Services.AddEmbeddingGenerator(provider => WrapEmbeddingGenerator(provider, connectionName, settings));
    }

    /// <summary>Registers a Runflow <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for connection <paramref name="name"/>, keyed by that name.</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The connection string's name and the service key.</param>
    /// <param name="configureSettings">Changes the settings after they are read from configuration.</param>
    /// <param name="configureOptions">Sets further client options.</param>
    /// <returns>A builder for adding middleware to the generator.</returns>
    /// <exception cref="InvalidOperationException">The connection is missing a required value or has a malformed one.</exception>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedRunflowEmbeddingGenerator(
        this IHostApplicationBuilder builder, string name, Action<RunflowClientSettings>? configureSettings = null, Action<RunflowClientOptions>? configureOptions = null)
    {
        RunflowClientSettings settings = Register(builder, name, configureSettings, configureOptions, chat: false);
        return builder.Services.AddKeyedEmbeddingGenerator(name, provider => WrapEmbeddingGenerator(provider, name, settings));
    }

    /// <summary>Reads the settings of a connection from configuration.</summary>
    /// <param name="configuration">The app's configuration.</param>
    /// <param name="connectionName">The connection's name.</param>
    /// <returns>The settings, before any <c>configureSettings</c> callback.</returns>
    /// <exception cref="InvalidOperationException">A value is malformed; the message names its key.</exception>
    internal static RunflowClientSettings ReadSettings(IConfiguration configuration, string connectionName)
    {
        var settings = new RunflowClientSettings();
        ReadSection(configuration.GetSection(ConfigurationSectionName), settings);
        ReadSection(configuration.GetSection($"{ConfigurationSectionName}:{connectionName}"), settings);
        if (configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            RunflowConnectionString.Apply(connectionString, $"ConnectionStrings:{connectionName}", settings);
        }

        return settings;
    }

    private static void ReadSection(IConfigurationSection section, RunflowClientSettings settings)
    {
        if (section[nameof(RunflowClientSettings.Endpoint)] is { } endpoint)
        {
            settings.Endpoint = RunflowConnectionString.ParseEndpoint(endpoint, $"{section.Path}:{nameof(RunflowClientSettings.Endpoint)}");
        }

        settings.Key = section[nameof(RunflowClientSettings.Key)] ?? settings.Key;
        settings.ProjectId = section[nameof(RunflowClientSettings.ProjectId)] ?? settings.ProjectId;
        settings.Provider = section[nameof(RunflowClientSettings.Provider)] ?? settings.Provider;
        settings.Model = section[nameof(RunflowClientSettings.Model)] ?? settings.Model;
        settings.DisableHealthChecks = ReadBool(section, nameof(RunflowClientSettings.DisableHealthChecks)) ?? settings.DisableHealthChecks;
        settings.DisableTracing = ReadBool(section, nameof(RunflowClientSettings.DisableTracing)) ?? settings.DisableTracing;
        if (section[nameof(RunflowClientSettings.HealthCheckTimeout)] is { } timeout)
        {
            settings.HealthCheckTimeout = TimeSpan.TryParse(timeout, System.Globalization.CultureInfo.InvariantCulture, out TimeSpan parsed) && parsed > TimeSpan.Zero
                ? parsed
                : throw new InvalidOperationException($"{section.Path}:{nameof(RunflowClientSettings.HealthCheckTimeout)} '{timeout}' is not a positive time span such as 00:00:05.");
        }
    }

    private static bool? ReadBool(IConfigurationSection section, string key) => section[key] switch
    {
        null => null,
        { } text when bool.TryParse(text, out bool value) => value,
        { } text => throw new InvalidOperationException($"{section.Path}:{key} '{text}' is not true or false."),
    };

    /// <summary>Reads and checks the settings, then registers the undecorated client's options and HTTP client, the
    /// health check and the telemetry source.</summary>
    private static RunflowClientSettings Register(
        IHostApplicationBuilder builder, string connectionName, Action<RunflowClientSettings>? configureSettings, Action<RunflowClientOptions>? configureOptions, bool chat)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        RunflowClientSettings settings = ReadSettings(builder.Configuration, connectionName);
        configureSettings?.Invoke(settings);
        Uri endpoint = settings.Endpoint ?? throw Missing(connectionName, nameof(RunflowClientSettings.Endpoint));
        string key = string.IsNullOrWhiteSpace(settings.Key) ? throw Missing(connectionName, nameof(RunflowClientSettings.Key)) : settings.Key;
        string projectId = string.IsNullOrWhiteSpace(settings.ProjectId) ? throw Missing(connectionName, nameof(RunflowClientSettings.ProjectId)) : settings.ProjectId;
        string provider = string.IsNullOrWhiteSpace(settings.Provider) ? throw Missing(connectionName, nameof(RunflowClientSettings.Provider)) : settings.Provider;

        void Configure(RunflowClientOptions options)
        {
            options.Endpoint = endpoint;
            options.ApiKey = key;
            options.ProjectId = projectId;
            options.Provider = provider;
            options.DefaultModelId = settings.Model;
            configureOptions?.Invoke(options);
        }

        var innerKey = new RunflowClientKey(connectionName);
        if (chat)
        {
            builder.Services.AddKeyedRunflowChatClient(innerKey, Configure);
        }
        else
        {
            builder.Services.AddKeyedRunflowEmbeddingGenerator(innerKey, Configure);
        }

        string name = RunflowServiceCollectionExtensions.GetHttpClientName(innerKey);
        if (!settings.DisableHealthChecks)
        {
            AddHealthCheck(builder.Services, $"Runflow_{connectionName}", name, settings.HealthCheckTimeout);
        }

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.AddSource(TelemetrySourceName))
                .WithMetrics(metrics => metrics.AddMeter(TelemetrySourceName));
        }

        return settings;
    }

    private static void AddHealthCheck(IServiceCollection services, string checkName, string clientName, TimeSpan? timeout)
    {
        if (services.Any(d => d.ServiceType == typeof(RunflowHealthCheckRegistration) && d.ImplementationInstance is RunflowHealthCheckRegistration r && r.Name == checkName))
        {
            return;
        }

        services.AddSingleton(new RunflowHealthCheckRegistration(checkName));
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            checkName,
            provider => new RunflowHealthCheck(provider.GetRequiredService<IHttpClientFactory>(), provider.GetRequiredService<IOptionsMonitor<RunflowClientOptions>>(), clientName),
            failureStatus: null,
            tags: null,
            timeout));
    }

    private static InvalidOperationException Missing(string connectionName, string key) =>
        new($"The Runflow connection '{connectionName}' has no {key}: set it in ConnectionStrings:{connectionName} ({key}=…), in {ConfigurationSectionName}:{connectionName}:{key} or in {ConfigurationSectionName}:{key}.");

    private static IChatClient WrapChatClient(IServiceProvider provider, string connectionName, RunflowClientSettings settings)
    {
        IChatClient inner = provider.GetRequiredKeyedService<IChatClient>(new RunflowClientKey(connectionName));
        return settings.DisableTracing
            ? inner
            : new OpenTelemetryChatClient(inner, provider.GetService<ILoggerFactory>()?.CreateLogger(typeof(OpenTelemetryChatClient)), TelemetrySourceName);
    }

    private static IEmbeddingGenerator<string, Embedding<float>> WrapEmbeddingGenerator(IServiceProvider provider, string connectionName, RunflowClientSettings settings)
    {
        IEmbeddingGenerator<string, Embedding<float>> inner = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(new RunflowClientKey(connectionName));
        return settings.DisableTracing
            ? inner
            : new OpenTelemetryEmbeddingGenerator<string, Embedding<float>>(inner, provider.GetService<ILoggerFactory>()?.CreateLogger(typeof(OpenTelemetryEmbeddingGenerator<string, Embedding<float>>)), TelemetrySourceName);
    }
}
