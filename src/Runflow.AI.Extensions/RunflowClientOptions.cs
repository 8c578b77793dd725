using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Runflow.AI.Extensions;

/// <summary>
/// Settings of the Runflow clients (chat, embeddings, images, files): where Runflow is, how to authenticate, and the
/// defaults of every request.
/// </summary>
/// <remarks>
/// A client copies these options when it is created, so changing them afterwards does not affect that client.
/// <see cref="ToString"/> never shows the API key.
/// </remarks>
public sealed class RunflowClientOptions
{
    /// <summary>The default Runflow base address.</summary>
    public static readonly Uri DefaultEndpoint = new("https://api.runflow.ai/");

    // The defaults of MaxResponseBodySize and MaxStreamEventSize.
    private const long DefaultMaxResponseBodySize = 64L * 1024 * 1024;

    private const int DefaultMaxStreamEventSize = 1024 * 1024;

    /// <summary>The default path of the chat-completion endpoint, relative to <see cref="Endpoint"/>.</summary>
    public const string DefaultChatPath = "api/v1/runtime/v1/chat";

    /// <summary>The default path of the streaming chat endpoint, relative to <see cref="Endpoint"/>.</summary>
    public const string DefaultStreamPath = "api/v1/runtime/v1/chat/stream";

    /// <summary>The default path of the embeddings endpoint, relative to <see cref="Endpoint"/>.</summary>
    public const string DefaultEmbeddingsPath = "api/v1/runtime/v1/embeddings";

    /// <summary>The default path of the tenant-discovery endpoint, relative to <see cref="Endpoint"/>.</summary>
    public const string DefaultDiscoverPath = "api/v1/runtime/auth/discover";
    /// <summary>The default path of the file-upload endpoint, relative to <see cref="Endpoint"/>.</summary>
    public const string DefaultFilesPath = "api/v1/runtime/v1/files";

    /// <summary>The default path of the image-generation endpoint, relative to <see cref="Endpoint"/>.</summary>
    public const string DefaultImagesPath = "api/v1/runtime/v1/images/generate";

    /// <summary>The default path of the memory endpoints, relative to <see cref="Endpoint"/>; a memory's id follows it.</summary>
    public const string DefaultMemoryPath = "api/v1/runtime/v1/memory";

    /// <summary>Gets or sets the base address of the Runflow API.</summary>
    /// <value>The default is <c>https://api.runflow.ai/</c>. Plain <c>http</c> is accepted only for loopback
    /// addresses unless <see cref="AllowUnencryptedHttp"/> is set.</value>
    public Uri Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>Gets or sets the Runflow API key, sent in the <c>x-api-key</c> header.</summary>
    /// <value>Required. It is never written to messages, logs or <see cref="ToString"/>.</value>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the tenant id, sent in the <c>x-runflow-tenant-id</c> header when set.</summary>
    /// <value>The default is <see langword="null"/>: chat sends no tenant, and an endpoint that needs one (embeddings)
    /// learns it once from <see cref="DiscoverPath"/> and keeps it for the client's lifetime.</value>
    public string? TenantId { get; set; }

    /// <summary>Gets or sets the Runflow project id sent as <c>projectId</c>.</summary>
    /// <value>Required. A call can override it with <see cref="RunflowChatOptionsExtensions.WithRunflowProjectId"/>.</value>
    public string? ProjectId { get; set; }

    /// <summary>Gets or sets the LLM provider sent as <c>provider</c>: <c>openai</c>, <c>anthropic</c>, <c>bedrock</c>,
    /// <c>groq</c>, <c>gemini</c>, <c>xai</c> or <c>custom</c>.</summary>
    /// <value>Required. A call can override it with <see cref="RunflowChatOptionsExtensions.WithRunflowProvider"/>.</value>
    public string? Provider { get; set; }

    /// <summary>Gets or sets which of the tenant's provider configurations to use ("OpenAI Production"), sent as <c>providerName</c>.</summary>
    /// <value>The default is <see langword="null"/>: Runflow picks the provider's default configuration.</value>
    public string? ProviderName { get; set; }

    /// <summary>Gets or sets the model used when <c>ChatOptions.ModelId</c> is not set.</summary>
    /// <value>The default is <see langword="null"/>: every call must then name its model.</value>
    public string? DefaultModelId { get; set; }

    /// <summary>Gets or sets whether Runflow should use the provider's legacy Chat Completions API (<c>legacy</c>).</summary>
    /// <value>The default is <see langword="null"/>: the field is not sent.</value>
    public bool? Legacy { get; set; }

    /// <summary>Gets or sets the path of the chat-completion endpoint, relative to <see cref="Endpoint"/>.</summary>
    /// <value>The default is <c>api/v1/runtime/v1/chat</c>.</value>
    public string ChatPath { get; set; } = DefaultChatPath;

    /// <summary>Gets or sets the path of the streaming chat endpoint, relative to <see cref="Endpoint"/>.</summary>
    /// <value>The default is <c>api/v1/runtime/v1/chat/stream</c>.</value>
    public string StreamPath { get; set; } = DefaultStreamPath;

    /// <summary>Gets or sets the path of the embeddings endpoint, relative to <see cref="Endpoint"/>.</summary>
    /// <value>The default is <c>api/v1/runtime/v1/embeddings</c>.</value>
    public string EmbeddingsPath { get; set; } = DefaultEmbeddingsPath;

    /// <summary>Gets or sets the path of the tenant-discovery endpoint, relative to <see cref="Endpoint"/>: where a client
    /// that needs the tenant and has no <see cref="TenantId"/> sends the API key to learn it.</summary>
    /// <value>The default is <c>api/v1/runtime/auth/discover</c>.</value>
    public string DiscoverPath { get; set; } = DefaultDiscoverPath;

    /// <summary>Gets or sets the embedding model used when <c>EmbeddingGenerationOptions.ModelId</c> is not set.</summary>
    /// <value>The default is <see langword="null"/>: Runflow's default (<c>text-embedding-3-small</c>).</value>
    public string? DefaultEmbeddingModelId { get; set; }

    /// <summary>Gets or sets the embeddings provider: <c>openai</c>, <c>azure_openai</c> or <c>cohere</c>.</summary>
    /// <value>The default is <see langword="null"/>: Runflow's default (<c>openai</c>). Chat's <see cref="Provider"/> is not used
    /// for embeddings, since the two endpoints take different provider lists.</value>
    public string? EmbeddingProvider { get; set; }

    /// <summary>Gets or sets the number of dimensions embeddings have when <c>EmbeddingGenerationOptions.Dimensions</c> is not set.</summary>
    /// <value>The default is <see langword="null"/>: the model's own size.</value>
    public int? EmbeddingDimensions { get; set; }

    /// <summary>Gets or sets how many inputs one embeddings request carries; larger calls are split and re-joined in order.</summary>
    /// <value>The default is 256.</value>
    public int MaxEmbeddingBatchSize { get; set; } = 256;

    /// <summary>Gets or sets the path of the file-upload endpoint, relative to <see cref="Endpoint"/>.</summary>
    /// <value>The default is <c>api/v1/runtime/v1/files</c>.</value>
    public string FilesPath { get; set; } = DefaultFilesPath;

    /// <summary>Gets or sets the path of the image-generation endpoint, relative to <see cref="Endpoint"/>.</summary>
    /// <value>The default is <c>api/v1/runtime/v1/images/generate</c>.</value>
    public string ImagesPath { get; set; } = DefaultImagesPath;

    /// <summary>Gets or sets the path of the memory endpoints, relative to <see cref="Endpoint"/>: a memory lives at this
    /// path followed by its id, and its <c>append</c>, <c>search</c> and <c>summarize</c> endpoints below that.</summary>
    /// <value>The default is <c>api/v1/runtime/v1/memory</c>.</value>
    public string MemoryPath { get; set; } = DefaultMemoryPath;

    /// <summary>Gets or sets the image model used when <c>ImageGenerationOptions.ModelId</c> is not set.</summary>
    /// <value>The default is <see langword="null"/>: Runflow's default (<c>dall-e-3</c>).</value>
    public string? DefaultImageModelId { get; set; }

    /// <summary>Gets or sets the image-generation provider: <c>openai</c>, <c>azure</c> or <c>bedrock</c>.</summary>
    /// <value>The default is <see langword="null"/>: Runflow's default (<c>openai</c>). Chat's <see cref="Provider"/> is not used
    /// for images, since the two endpoints take different provider lists.</value>
    public string? ImageProvider { get; set; }

    /// <summary>Gets or sets how long a non-streaming call, or a streaming call until its response headers, may take.</summary>
    /// <value>The default is 10 minutes, long enough for large generations with reasoning.
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns it off.</value>
    /// <remarks>Non-streaming calls that start close together share one timer, so such a call ends between this long
    /// after it started and a sixteenth of it (at most a second) later.</remarks>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how long a stream may go without receiving any bytes before it fails.</summary>
    /// <value>The default is 2 minutes. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.</value>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets the largest response body, in bytes, a call reads; a larger one fails with a
    /// <see cref="RunflowException"/> naming this option.</summary>
    /// <value>The default is 64 MiB. Memory used to read a body stays within about twice this.</value>
    public long MaxResponseBodySize { get; set; } = DefaultMaxResponseBodySize;

    /// <summary>Gets or sets the largest server-sent event a stream reads, in UTF-8 bytes (characters, for ASCII text): the
    /// data of one event, or what arrives without completing an event; a larger one fails with a
    /// <see cref="RunflowException"/> naming this option.</summary>
    /// <value>The default is 1 MiB.</value>
    public int MaxStreamEventSize { get; set; } = DefaultMaxStreamEventSize;

    /// <summary>Gets or sets whether a plain <c>http</c> endpoint other than loopback is accepted.</summary>
    /// <value>The default is <see langword="false"/>: the API key is only ever sent over TLS or to this machine.</value>
    public bool AllowUnencryptedHttp { get; set; }

    /// <summary>Gets or sets the path of the configuration section these options were bound from, or
    /// <see langword="null"/> when they were set in code.</summary>
    /// <remarks>Kept so an error names what its user would fix: the key <c>Runflow:ApiKey</c> rather than the property.</remarks>
    internal string? SectionPath { get; set; }

    /// <summary>
    /// Creates options from the environment variables <c>RUNFLOW_API_URL</c>, <c>RUNFLOW_API_KEY</c>, <c>RUNFLOW_TENANT_ID</c>,
    /// <c>RUNFLOW_PROJECT_ID</c>, <c>RUNFLOW_PROVIDER</c>, <c>RUNFLOW_PROVIDER_NAME</c> and <c>RUNFLOW_MODEL</c>.
    /// </summary>
    /// <returns>The options; a variable that is not set leaves its option at the default.</returns>
    /// <exception cref="FormatException"><c>RUNFLOW_API_URL</c> is not an absolute URI.</exception>
    public static RunflowClientOptions FromEnvironment()
    {
        var options = new RunflowClientOptions
        {
            ApiKey = Read("RUNFLOW_API_KEY"),
            TenantId = Read("RUNFLOW_TENANT_ID"),
            ProjectId = Read("RUNFLOW_PROJECT_ID"),
            Provider = Read("RUNFLOW_PROVIDER"),
            ProviderName = Read("RUNFLOW_PROVIDER_NAME"),
            DefaultModelId = Read("RUNFLOW_MODEL"),
        };

        if (Read("RUNFLOW_API_URL") is { } url)
        {
            options.Endpoint = Uri.TryCreate(url, UriKind.Absolute, out var endpoint)
                ? endpoint
                : throw new FormatException($"RUNFLOW_API_URL is not an absolute URI: '{url}'.");
        }

        return options;

        static string? Read(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;
    }

    /// <summary>
    /// Creates options from a configuration section whose keys are named after the properties (<c>Endpoint</c>,
    /// <c>ApiKey</c>, <c>ProjectId</c>, …), such as <c>configuration.GetSection("Runflow")</c>.
    /// </summary>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns>The options; the errors a client raises about them name the section's keys (<c>Runflow:ApiKey</c>).</returns>
    /// <exception cref="InvalidOperationException">The section holds a key that is not an option, or a value that does not
    /// convert to its option's type.</exception>
    public static RunflowClientOptions FromConfiguration(IConfiguration configuration)
    {
        Throw.IfNull(configuration);
        var options = new RunflowClientOptions();
        configuration.Bind(options);
        return options.BoundFrom(configuration);
    }

    /// <summary>Describes the options without the API key.</summary>
    /// <returns>The option values, with the API key shown only as set or not set.</returns>
    public override string ToString()
    {
        var text = new StringBuilder("RunflowClientOptions { ");
        text.Append("Endpoint = ").Append(Endpoint is { IsAbsoluteUri: true, UserInfo.Length: > 0 } ? "(has user info)" : Endpoint)
            .Append(", ApiKey = ").Append(string.IsNullOrEmpty(ApiKey) ? "(not set)" : "(set)")
            .Append(", TenantId = ").Append(TenantId)
            .Append(", ProjectId = ").Append(ProjectId)
            .Append(", Provider = ").Append(Provider)
            .Append(", ProviderName = ").Append(ProviderName)
            .Append(", DefaultModelId = ").Append(DefaultModelId)
            .Append(", Legacy = ").Append(Legacy)
            .Append(", ChatPath = ").Append(ChatPath)
            .Append(", StreamPath = ").Append(StreamPath)
            .Append(", EmbeddingsPath = ").Append(EmbeddingsPath)
            .Append(", DiscoverPath = ").Append(DiscoverPath)
            .Append(", DefaultEmbeddingModelId = ").Append(DefaultEmbeddingModelId)
            .Append(", EmbeddingProvider = ").Append(EmbeddingProvider)
            .Append(", EmbeddingDimensions = ").Append(EmbeddingDimensions)
            .Append(", MaxEmbeddingBatchSize = ").Append(MaxEmbeddingBatchSize)
            .Append(", FilesPath = ").Append(FilesPath)
            .Append(", ImagesPath = ").Append(ImagesPath)
            .Append(", MemoryPath = ").Append(MemoryPath)
            .Append(", DefaultImageModelId = ").Append(DefaultImageModelId)
            .Append(", ImageProvider = ").Append(ImageProvider)
            .Append(", NetworkTimeout = ").Append(NetworkTimeout.ToString("c", CultureInfo.InvariantCulture))
            .Append(", StreamIdleTimeout = ").Append(StreamIdleTimeout.ToString("c", CultureInfo.InvariantCulture))
            .Append(", MaxResponseBodySize = ").Append(MaxResponseBodySize)
            .Append(", MaxStreamEventSize = ").Append(MaxStreamEventSize)
            .Append(", AllowUnencryptedHttp = ").Append(AllowUnencryptedHttp)
            .Append(" }");
        return text.ToString();
    }

    /// <summary>Returns a validated copy, so later changes to this instance do not reach a client.</summary>
    /// <exception cref="ArgumentException">An option is missing or invalid; the message names it.</exception>
    internal RunflowClientOptions ValidatedCopy()
    {
        var copy = (RunflowClientOptions)MemberwiseClone();

        if (copy.Endpoint is null || !copy.Endpoint.IsAbsoluteUri)
        {
            throw Invalid(nameof(Endpoint), "must be an absolute URI.");
        }

        if (copy.Endpoint.Scheme != Uri.UriSchemeHttps && copy.Endpoint.Scheme != Uri.UriSchemeHttp)
        {
            throw Invalid(nameof(Endpoint), $"must use http or https, not '{copy.Endpoint.Scheme}'.");
        }

        if (copy.Endpoint.UserInfo.Length > 0)
        {
            throw Invalid(nameof(Endpoint), $"must not carry user info (user:password@host): put the key in {OptionName(nameof(ApiKey))}.");
        }

        if (copy.Endpoint.Scheme == Uri.UriSchemeHttp && !copy.Endpoint.IsLoopback && !copy.AllowUnencryptedHttp)
        {
            throw Invalid(nameof(Endpoint), $"uses plain http to '{copy.Endpoint.Host}', which would send the API key unencrypted. Use https, or set {OptionName(nameof(AllowUnencryptedHttp))} to true.");
        }

        Require(copy.ApiKey, nameof(ApiKey), "RUNFLOW_API_KEY", null);
        RequireHeaderValue(copy.ApiKey, nameof(ApiKey));
        RequireHeaderValue(copy.TenantId, nameof(TenantId));
        Require(copy.ChatPath, nameof(ChatPath), null, null);
        Require(copy.StreamPath, nameof(StreamPath), null, null);
        Require(copy.EmbeddingsPath, nameof(EmbeddingsPath), null, null);
        Require(copy.DiscoverPath, nameof(DiscoverPath), null, null);
        Require(copy.FilesPath, nameof(FilesPath), null, null);
        Require(copy.ImagesPath, nameof(ImagesPath), null, null);
        Require(copy.MemoryPath, nameof(MemoryPath), null, null);
        RequireTimeout(copy.NetworkTimeout, nameof(NetworkTimeout));
        RequireTimeout(copy.StreamIdleTimeout, nameof(StreamIdleTimeout));
        if (copy.MaxResponseBodySize < 1 || copy.MaxResponseBodySize > Array.MaxLength)
        {
            throw Invalid(nameof(MaxResponseBodySize), $"must be between 1 and {Array.MaxLength} bytes.");
        }

        if (copy.MaxStreamEventSize < 1)
        {
            throw Invalid(nameof(MaxStreamEventSize), "must be positive.");
        }

        // A base path such as https://host/gateway must keep its last segment when the endpoint paths are resolved against it.
        if (!copy.Endpoint.AbsolutePath.EndsWith('/'))
        {
            copy.Endpoint = new Uri(copy.Endpoint.AbsoluteUri + "/");
        }

        copy.ChatPath = copy.ChatPath.TrimStart('/');
        copy.StreamPath = copy.StreamPath.TrimStart('/');
        copy.EmbeddingsPath = copy.EmbeddingsPath.TrimStart('/');
        copy.DiscoverPath = copy.DiscoverPath.TrimStart('/');
        copy.FilesPath = copy.FilesPath.TrimStart('/');
        copy.ImagesPath = copy.ImagesPath.TrimStart('/');
        copy.MemoryPath = copy.MemoryPath.Trim('/');
        return copy;


        void RequireTimeout(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw Invalid(name, "must be positive or Timeout.InfiniteTimeSpan.");
            }
        }

    }

    /// <summary>Checks what the embeddings endpoint needs beyond the common options; a missing tenant is not an error,
    /// since it is discovered from the key on the first call.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentException">A batch size or dimension count is not positive.</exception>
    internal RunflowClientOptions RequireEmbeddingSettings()
    {
        if (MaxEmbeddingBatchSize < 1)
        {
            throw Invalid(nameof(MaxEmbeddingBatchSize), "must be at least 1.");
        }

        if (EmbeddingDimensions is < 1)
        {
            throw Invalid(nameof(EmbeddingDimensions), "must be positive.");
        }

        return this;
    }

    /// <summary>Checks what the chat endpoints need beyond the common options.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentException">The project or provider is missing.</exception>
    internal RunflowClientOptions RequireChatSettings()
    {
        Require(ProjectId, nameof(ProjectId), "RUNFLOW_PROJECT_ID", null);
        Require(Provider, nameof(Provider), "RUNFLOW_PROVIDER", null);
        return this;
    }

    /// <summary>Marks these options as bound from <paramref name="configuration"/>: checks that each of its keys is an option,
    /// since the binder skips unknown ones silently, and makes errors name the section's keys from now on.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="InvalidOperationException">The section holds a key that is not an option.</exception>
    internal RunflowClientOptions BoundFrom(IConfiguration configuration)
    {
        RunflowConfigurationKeys.ThrowIfUnknown(configuration);
        SectionPath = (configuration as IConfigurationSection)?.Path ?? string.Empty;
        return this;
    }

    /// <summary>Names an option the way its user set it: <c>Runflow:ApiKey</c> when bound from configuration,
    /// <c>RunflowClientOptions.ApiKey</c> when set in code.</summary>
    internal string OptionName(string property) => SectionPath switch
    {
        null => $"{nameof(RunflowClientOptions)}.{property}",
        "" => property,
        var path => $"{path}:{property}",
    };

    /// <summary>Mentions the environment variable <see cref="FromEnvironment"/> reads for an option, only for options set
    /// in code: a configuration-bound registration never reads it, so it would send the user to the wrong place.</summary>
    internal string VariableHint(string? variable) =>
        variable is null || SectionPath is not null ? string.Empty : $" (environment variable {variable})";

    private void Require(string? value, string name, string? variable, string? purpose)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Invalid(name, $"is required{purpose}{VariableHint(variable)}.");
        }
    }

    /// <summary>Refuses what would break the header a value is sent in: control characters (a line break would end the
    /// header and start another) and non-ASCII characters. The value itself is never echoed.</summary>
    private void RequireHeaderValue(string? value, string name)
    {
        if (value is null)
        {
            return;
        }

        var bad = value.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        if (bad < 0)
        {
            return;
        }

        var trailing = value.AsSpan(bad).Trim("\r\n".AsSpan()).IsEmpty;
        throw Invalid(name, value[bad] is '\r' or '\n'
            ? trailing
                ? "ends with a line break (was it read from a file?); remove it."
                : "contains a line break, which would inject a header; the value is not sent."
            : char.IsControl(value[bad])
                ? $"contains a control character at position {bad}; the value is not sent."
                : $"contains a non-ASCII character at position {bad}, which an HTTP header cannot carry.");
    }

    private ArgumentException Invalid(string name, string problem) => new($"{OptionName(name)} {problem}", "options");
}
