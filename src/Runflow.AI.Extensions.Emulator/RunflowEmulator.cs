using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// A Runflow-compatible server on 127.0.0.1 for tests and local runs (chat, streaming, embeddings, file uploads, image
/// generation and conversation memory): deterministic models, scripted replies, injected faults and a record of every request.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = new RunflowEmulator();
/// await emulator.StartAsync();
/// emulator.Enqueue(RunflowEmulatorReply.TooManyRequests(TimeSpan.FromSeconds(2)));
/// // point the client at emulator.Endpoint, then inspect emulator.Requests
/// </code>
/// </example>
public sealed class RunflowEmulator : IAsyncDisposable
{
    private readonly RunflowEmulatorOptions _options;
    private readonly ConcurrentQueue<RunflowEmulatorReply> _replies = new();
    private readonly Queue<RunflowEmulatorRequest> _requests = new();
    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly RunflowEmulatorFileStore _files = new();
    private readonly RunflowEmulatorMemoryStore _memory;
    private readonly RunflowEmulatorInspector _inspector = new(TimeProvider.System);
    private RunflowEmulatorFault[] _faultMix = [];
    private int _maxRecordedRequests;
    private long _requestCount;
    private WebApplication? _app;
    private RunflowEmulatorUpstream? _upstream;
    private CancellationTokenSource? _stopping;
    private Uri? _endpoint;

    /// <summary>Initializes a new instance of the <see cref="RunflowEmulator"/> class with default options.</summary>
    public RunflowEmulator()
        : this(new RunflowEmulatorOptions())
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunflowEmulator"/> class.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public RunflowEmulator(RunflowEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _random = new Random(options.Seed);
        _memory = new RunflowEmulatorMemoryStore(options.MemoryStorePath, TimeProvider.System);
    }

    /// <summary>The path of the readiness probe: a <c>GET</c> there answers 200 <c>Healthy</c> once the emulator listens,
    /// without a key and without being recorded.</summary>
    public const string HealthPath = "/health";

    /// <summary>
    /// Gets the root URL of the running emulator, with a trailing slash, such as <c>http://127.0.0.1:50123/</c>, or
    /// <c>http://localhost/</c> in process (<see cref="RunflowEmulatorOptions.InProcess"/>), where it is only good as the
    /// base address of a client over <see cref="CreateHandler"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The emulator is not running.</exception>
    public Uri Endpoint => _endpoint ?? throw new InvalidOperationException("The emulator is not running; call StartAsync first.");

    /// <summary>Gets a value indicating whether the emulator is running.</summary>
    public bool IsRunning => _endpoint is not null;

    /// <summary>
    /// Gets a snapshot of the requests received so far, in arrival order: the latest
    /// <see cref="RunflowEmulatorOptions.MaxRecordedRequests"/> of them.
    /// </summary>
    public IReadOnlyList<RunflowEmulatorRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Gets the tenant id the discovery endpoint answers for a key: <c>tenant-</c> followed by the first 8 hex
    /// digits of the SHA-256 of the key's UTF-8 bytes, so the same key always discovers the same tenant.</summary>
    /// <param name="apiKey">The API key.</param>
    /// <returns>The tenant id, such as <c>tenant-9f86d081</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="apiKey"/> is <see langword="null"/>.</exception>
    public static string TenantIdFor(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        return RunflowEmulatorDiscovery.IdsOf(apiKey).TenantId;
    }

    /// <summary>Gets the number of queued replies not yet used.</summary>
    public int PendingReplyCount => _replies.Count;

    /// <summary>
    /// Queues a reply for the next request, on any endpoint, that passes the API-key check (and, on the embeddings
    /// endpoint, the tenant check of <see cref="RunflowEmulatorOptions.RequireTenantForEmbeddings"/>).
    /// </summary>
    /// <param name="reply">The reply.</param>
    /// <exception cref="ArgumentNullException"><paramref name="reply"/> is <see langword="null"/>.</exception>
    public void Enqueue(RunflowEmulatorReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        _replies.Enqueue(reply);
    }

    /// <summary>Removes the recorded requests and returns them, in arrival order, as one step: a request that arrives
    /// meanwhile is either in the result or still recorded, never lost, as it can be between <see cref="Requests"/> and
    /// <see cref="ClearRequests"/>.</summary>
    /// <returns>The requests recorded until now.</returns>
    public IReadOnlyList<RunflowEmulatorRequest> TakeRequests()
    {
        lock (_gate)
        {
            RunflowEmulatorRequest[] taken = _requests.ToArray();
            _requests.Clear();
            return taken;
        }
    }

    /// <summary>Forgets the recorded requests.</summary>
    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>
    /// Starts listening on 127.0.0.1, on <see cref="RunflowEmulatorOptions.Port"/> or a free port; or, with
    /// <see cref="RunflowEmulatorOptions.InProcess"/>, starts in process without a port.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the emulator accepts connections.</returns>
    /// <exception cref="InvalidOperationException">The emulator is already running.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The emulator is already running.");
        }

        ValidateOptions(_options);
        _memory.Load();
        _faultMix = _options.FaultMix.Where(f => f != RunflowEmulatorFault.None).ToArray();
        _maxRecordedRequests = _options.MaxRecordedRequests;

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(RunflowEmulator).Assembly.GetName().Name });
        if (_options.InProcess)
        {
            builder.WebHost.UseTestServer();
        }
        else
        {
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = _options.MaxRequestBodySize;
                kestrel.Listen(IPAddress.Loopback, _options.Port);
            });
        }

        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        ILoggerFactory loggerFactory = _options.LoggerFactory ?? NullLoggerFactory.Instance;
        builder.Services.AddSingleton<ILoggerFactory>(new RunflowEmulatorHostLoggerFactory(loggerFactory));

        var stopping = new CancellationTokenSource();
        WebApplication app = builder.Build();
        ILogger logger = loggerFactory.CreateLogger("Runflow.AI.Extensions.Emulator");
        var sender = new RunflowEmulatorResponseSender(_options);
        // The readiness probe of orchestrators (the Aspire resource's HTTP health check) comes before recording and
        // key checks, so probing neither needs a key nor fills the request log.
        app.Use((context, next) => HttpMethods.IsGet(context.Request.Method) && context.Request.Path == HealthPath
            ? context.Response.WriteAsync("Healthy", context.RequestAborted)
            : next(context));
        app.UseRouting();
        RunflowEmulatorInspector? inspector = _options.EnableInspector ? _inspector : null;
        app.Use(new RunflowEmulatorRecordingMiddleware(this, _options, sender, stopping.Token, logger, inspector).InvokeAsync);
        app.Use(new RunflowEmulatorAccessMiddleware(_options, sender).InvokeAsync);
        if (inspector is not null)
        {
            RunflowEmulatorInspectorRoutes.Map(app, inspector, stopping.Token);
        }

        RunflowEmulatorUpstream? upstream = _options.Upstream is null ? null : new RunflowEmulatorUpstream(_options);
        RunflowEmulatorRoutes.Map(app, _options, new RunflowEmulatorRequestHandler(this, _options, sender, logger, upstream), new RunflowEmulatorMemoryHandler(_memory, sender), sender);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            upstream?.Dispose();
            stopping.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _endpoint = _options.InProcess
            ? app.GetTestServer().BaseAddress
            : new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{app.Urls.Select(u => new Uri(u).Port).First()}/"));
        _stopping = stopping;
        _app = app;
        _upstream = upstream;
        RunflowEmulatorLog.Started(logger, _endpoint);
    }

    /// <summary>
    /// Stops listening. Stalled and delayed answers still in progress are aborted. Queued replies and recorded
    /// requests are kept, and the emulator can be started again.
    /// </summary>
    /// <param name="cancellationToken">Cuts the graceful part of the shutdown short.</param>
    /// <returns>A task that completes when the emulator has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        WebApplication? app = _app;
        CancellationTokenSource? stopping = _stopping;
        RunflowEmulatorUpstream? upstream = _upstream;
        _upstream = null;
        _app = null;
        _stopping = null;
        _endpoint = null;
        if (app is null)
        {
            return;
        }

        await stopping!.CancelAsync().ConfigureAwait(false);
        try
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
            stopping.Dispose();
            upstream?.Dispose();
        }
    }

    /// <summary>
    /// Creates a handler that sends requests to the running emulator: a client over it, with <see cref="Endpoint"/> as
    /// its base address, reaches the emulator in process (<see cref="RunflowEmulatorOptions.InProcess"/>) without a
    /// socket, and otherwise over loopback HTTP.
    /// </summary>
    /// <returns>A new handler, the caller's to dispose; one for the in-process server stops working when the emulator stops.</returns>
    /// <exception cref="InvalidOperationException">The emulator is not running.</exception>
    /// <example>
    /// <code>
    /// await using var emulator = new RunflowEmulator(new RunflowEmulatorOptions { InProcess = true });
    /// await emulator.StartAsync();
    /// using var http = new HttpClient(emulator.CreateHandler()) { BaseAddress = emulator.Endpoint };
    /// </code>
    /// </example>
    public HttpMessageHandler CreateHandler()
    {
        WebApplication app = _app ?? throw new InvalidOperationException("The emulator is not running; call StartAsync first.");
        return _options.InProcess ? app.GetTestServer().CreateHandler() : new SocketsHttpHandler();
    }

    /// <summary>Stops the emulator if it is running.</summary>
    /// <returns>A task that completes when the emulator has stopped.</returns>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Records a received request, forgetting the oldest beyond <see cref="RunflowEmulatorOptions.MaxRecordedRequests"/>.</summary>
    /// <param name="request">The request.</param>
    internal void Record(RunflowEmulatorRequest request)
    {
        lock (_gate)
        {
            _requests.Enqueue(request);
            while (_requests.Count > _maxRecordedRequests)
            {
                _requests.Dequeue();
            }
        }
    }

    /// <summary>Gives the next request its id: <c>req_</c> and its number since the emulator was created, from 1.</summary>
    /// <returns>The id, such as <c>req_000001</c>.</returns>
    internal string NextRequestId() =>
        string.Create(CultureInfo.InvariantCulture, $"req_{Interlocked.Increment(ref _requestCount):D6}");

    /// <summary>Gets the files uploaded to this emulator; they are kept while it lives, across restarts.</summary>
    internal RunflowEmulatorFileStore Files => _files;

    /// <summary>
    /// Describes a file uploaded to this emulator, so the chat model can answer about a message's <c>file</c> part
    /// (<c>{ "type": "file", "file": { "file_id": … } }</c>) by what the file is: its name, size and media type, as in
    /// "the file report.pdf, 5,120 bytes, application/pdf".
    /// </summary>
    /// <param name="fileId">The id the upload was answered with.</param>
    /// <param name="description">The description, when the file is still kept.</param>
    /// <returns><see langword="false"/> for an id the emulator never answered or has since forgotten (it keeps the latest
    /// 100 files and 64 MiB).</returns>
    internal bool TryDescribeFile(string fileId, [NotNullWhen(true)] out string? description)
    {
        description = _files.TryGet(fileId, out RunflowEmulatorStoredFile? file) ? file.Describe() : null;
        return description is not null;
    }

    /// <summary>Takes the next queued reply, or draws a random fault, or returns <see langword="null"/> for the model.</summary>
    /// <returns>The reply to send, if any.</returns>
    internal RunflowEmulatorReply? TakeReply()
    {
        if (_replies.TryDequeue(out RunflowEmulatorReply? reply))
        {
            return reply;
        }

        if (_options.FaultRate <= 0 || _faultMix.Length == 0)
        {
            return null;
        }

        lock (_random)
        {
            return _random.NextDouble() < _options.FaultRate
                ? new RunflowEmulatorReply { Fault = _faultMix[_random.Next(_faultMix.Length)] }
                : null;
        }
    }

    private static void ValidateOptions(RunflowEmulatorOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port, nameof(options.Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort, nameof(options.Port));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StreamChunkSize, 1, nameof(options.StreamChunkSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StreamChunkDelay, TimeSpan.Zero, nameof(options.StreamChunkDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FaultRate, 0, nameof(options.FaultRate));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.FaultRate, 1, nameof(options.FaultRate));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RetryAfter, TimeSpan.Zero, nameof(options.RetryAfter));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SlowFirstByteDelay, TimeSpan.Zero, nameof(options.SlowFirstByteDelay));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRecordedRequests, nameof(options.MaxRecordedRequests));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRequestBodySize, nameof(options.MaxRequestBodySize));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ChatPath, nameof(options.ChatPath));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.StreamPath, nameof(options.StreamPath));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.EmbeddingsPath, nameof(options.EmbeddingsPath));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DiscoverPath, nameof(options.DiscoverPath));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.FilesPath, nameof(options.FilesPath));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ImagesPath, nameof(options.ImagesPath));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.MemoryPath, nameof(options.MemoryPath));
        if (options.Upstream is { } upstream &&
            (!upstream.IsAbsoluteUri || (upstream.Scheme != Uri.UriSchemeHttp && upstream.Scheme != Uri.UriSchemeHttps) || upstream.UserInfo.Length > 0))
        {
            // The URL itself is not repeated: one with user info carries a credential.
            throw new ArgumentException("Upstream must be an absolute http or https URL without user info; put a key in UpstreamApiKey.", nameof(options.Upstream));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.UpstreamTimeout, TimeSpan.Zero, nameof(options.UpstreamTimeout));
        if (options.UpstreamApiKey is { } key && key.Any(char.IsControl))
        {
            throw new ArgumentException("UpstreamApiKey must not contain control characters such as CR or LF.", nameof(options.UpstreamApiKey));
        }
    }
}
