using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// The HTTP plumbing every Runflow client shares: headers, timeouts, reading bodies and streams, and turning every
/// failure into a <see cref="RunflowException"/> (or the caller's <see cref="OperationCanceledException"/>).
/// </summary>
internal sealed class RunflowTransport : IDisposable
{
    private static readonly string UserAgent =
        "Runflow.AI.Extensions/" + (typeof(RunflowTransport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0");

    /// <summary>The first buffer of a body read: a chat answer fits it.</summary>
    private const int FirstBufferSize = 4096;

    /// <summary>The least room a read is given: less than this left, and the buffer grows first.</summary>
    private const int MinRead = 512;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly RunflowTenantDiscovery? _tenantDiscovery;
    private readonly RunflowSharedTimeout? _sharedTimeout;
    private volatile bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="RunflowTransport"/> class over a validated copy of a client's options.</summary>
    /// <param name="options">The client's options, copied and validated before anything else is made.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, the transport creates and owns one.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="require">Checks what the client's endpoints need beyond the common options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is missing or invalid; the message names it.</exception>
    public RunflowTransport(RunflowClientOptions options, HttpClient? httpClient, TimeProvider? timeProvider, Action<RunflowClientOptions>? require = null)
    {
        Options = Throw.IfNull(options).ValidatedCopy();
        require?.Invoke(Options);
        TimeProvider = timeProvider ?? TimeProvider.System;
        _ownsHttpClient = httpClient is null;
        _httpClient = httpClient ?? new HttpClient(CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        _tenantDiscovery = Options.TenantId is null ? new RunflowTenantDiscovery(this) : null;
        _sharedTimeout = Options.NetworkTimeout == Timeout.InfiniteTimeSpan ? null : new RunflowSharedTimeout(Options.NetworkTimeout, TimeProvider.System);
    }

    /// <summary>The handler every client the library creates sends with (directly or through IHttpClientFactory):
    /// connections renewed every 5 minutes; redirects never followed, since .NET would re-send the key and the tenant
    /// header to whatever host a redirect names; and no cookies, so nothing a server sets is kept or sent back (the
    /// API is keyed by its header, and a cookie jar would be state a server writes into every later call).</summary>
    public static SocketsHttpHandler CreateHandler() =>
        new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false, UseCookies = false };

    /// <summary>Gets the validated copy of the client's options.</summary>
    public RunflowClientOptions Options { get; }

    /// <summary>Gets the clock for timestamps and <c>Retry-After</c> dates.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>
    /// Gets the tenant for an endpoint that needs one: <see cref="RunflowClientOptions.TenantId"/>, or else the tenant of
    /// the key, learned once from the discovery endpoint and kept for the client's lifetime.
    /// </summary>
    /// <param name="cancellationToken">Ends this caller's wait; a discovery other callers share goes on.</param>
    /// <exception cref="RunflowException">Discovery failed; the message names the tenant option and the status is kept.
    /// The next call tries again.</exception>
    public ValueTask<string> GetTenantIdAsync(CancellationToken cancellationToken) =>
        _tenantDiscovery is null ? new(Options.TenantId!) : new(_tenantDiscovery.GetTenantIdAsync(cancellationToken));

    /// <summary>Reads the request id a response reports (<c>x-request-id</c> and its variants), with the key redacted.</summary>
    public string? ReadRequestId(HttpResponseMessage response) => RunflowErrors.ReadRequestId(response, Options.ApiKey);

    /// <summary>Creates a POST with the API key, tenant, accept and user-agent headers.</summary>
    /// <param name="uri">Where to send it.</param>
    /// <param name="content">The body.</param>
    /// <param name="accept">The <c>Accept</c> header.</param>
    /// <param name="tenantId">The tenant, from <see cref="GetTenantIdAsync"/>, for an endpoint that needs one; otherwise
    /// <see cref="RunflowClientOptions.TenantId"/> is sent when it is set.</param>
    /// <exception cref="ObjectDisposedException">The client has been disposed.</exception>
    public HttpRequestMessage CreateRequest(Uri uri, HttpContent content, string accept, string? tenantId = null) =>
        CreateRequest(HttpMethod.Post, uri, content, accept, tenantId);

    /// <summary>Creates a request with the API key, tenant, accept and user-agent headers.</summary>
    /// <param name="method">The method.</param>
    /// <param name="uri">Where to send it.</param>
    /// <param name="content">The body, or <see langword="null"/> for none.</param>
    /// <param name="accept">The <c>Accept</c> header.</param>
    /// <param name="tenantId">The tenant for an endpoint that needs one; otherwise <see cref="RunflowClientOptions.TenantId"/>
    /// is sent when it is set.</param>
    /// <exception cref="ObjectDisposedException">The client has been disposed.</exception>
    public HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, HttpContent? content, string accept, string? tenantId = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var request = new HttpRequestMessage(method, uri) { Content = content };
        var headers = request.Headers;
        headers.TryAddWithoutValidation("x-api-key", Options.ApiKey);
        if ((tenantId ?? Options.TenantId) is { } tenant)
        {
            headers.TryAddWithoutValidation("x-runflow-tenant-id", tenant);
        }

        headers.TryAddWithoutValidation("Accept", accept);
        headers.TryAddWithoutValidation("User-Agent", UserAgent);
        return request;
    }

    /// <summary>
    /// Starts a call's timer: <see cref="RunflowClientOptions.NetworkTimeout"/> from now to the end of its body, linked to
    /// the caller's token. A streamed call gets a source of its own, since its timer changes once the stream is open;
    /// any other shares its window's source (<see cref="RunflowSharedTimeout"/>), linked to the caller's token only when
    /// the caller can cancel.
    /// </summary>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <param name="streamed">Whether the call reads a stream.</param>
    public RunflowCallTimeout StartTimeout(CancellationToken cancellationToken, bool streamed = false)
    {
        if (_sharedTimeout is null || streamed)
        {
            var own = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (_sharedTimeout is not null)
            {
                own.CancelAfter(Options.NetworkTimeout);
            }

            return new RunflowCallTimeout(own, owned: true);
        }

        var shared = _sharedTimeout.Current;
        return cancellationToken.CanBeCanceled
            ? new RunflowCallTimeout(CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shared.Token), owned: true)
            : new RunflowCallTimeout(shared, owned: false);
    }

    /// <summary>Sends a request and returns a success response with its headers read; every failure becomes a <see cref="RunflowException"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="timeout">The call's timer, from <see cref="StartTimeout"/>.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        var uri = request.RequestUri!;
        var failure = Failure.None;
        try
        {
            response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when ((failure = Classify(ex, timeout, cancellationToken)) != Failure.None)
        {
            throw Translate(failure, ex, uri, cancellationToken, streamIdle: false);
        }

        // A supplied HttpClient may follow redirects itself: an answer from another origin is not read at all.
        if (response.RequestMessage?.RequestUri is { } answered && !SameOrigin(answered, uri))
        {
            response.Dispose();
            throw RunflowErrors.AnsweredElsewhere(uri, answered, Options.ApiKey!);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var error = await RunflowErrors.FromResponseAsync(response, Options.ApiKey!, TimeProvider, timeout.Token).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw error;
        }
    }

    /// <summary>
    /// Posts <paramref name="content"/>, reads the JSON answer, unwraps its envelope and maps it: one call with one
    /// <see cref="RunflowClientOptions.NetworkTimeout"/> from sending to the end of the body.
    /// </summary>
    /// <param name="uri">The endpoint.</param>
    /// <param name="content">The request body; disposed with the request.</param>
    /// <param name="typeInfo">The answer's wire type.</param>
    /// <param name="what">What the answer is, for messages: "an image-generation response".</param>
    /// <param name="map">Maps the unwrapped answer; an <see cref="InvalidDataException"/> it throws says why the answer cannot be used.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async Task<TResult> PostAsync<TBody, TResult>(
        Uri uri, HttpContent content, JsonTypeInfo<TBody> typeInfo, string what, Func<TBody, TResult> map, CancellationToken cancellationToken)
        where TBody : class, IRunflowEnvelope<TBody>
    {
        using var timeout = StartTimeout(cancellationToken);
        using var request = CreateRequest(uri, content, "application/json");
        using var response = await SendAsync(request, timeout.Source, cancellationToken).ConfigureAwait(false);
        var body = await ReadJsonAsync(response, typeInfo, timeout.Source, cancellationToken, what).ConfigureAwait(false);
        var answer = body;
        while (answer.Success != false && answer.Data is { } wrapped)
        {
            answer = wrapped;
        }

        if (answer.Success == false)
        {
            throw RunflowErrors.FromFailedEnvelope(response, answer.Error, answer.Message, Options.ApiKey!, TimeProvider);
        }

        try
        {
            return map(answer);
        }
        catch (InvalidDataException ex)
        {
            throw new RunflowException(
                $"Runflow answered {(int)response.StatusCode} with {what} that cannot be used: {ex.Message}",
                response.StatusCode,
                innerException: ex);
        }
    }

    /// <summary>
    /// Reads a JSON body: read into pooled memory and deserialized from there in one synchronous pass, which is faster
    /// than deserializing from the stream and keeps the text for the error when it is not valid.
    /// </summary>
    /// <param name="response">The response, with its headers read.</param>
    /// <param name="typeInfo">The body's type.</param>
    /// <param name="timeout">The call's timer, from <see cref="StartTimeout"/>.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <param name="expected">What the body should be, for the error when it is not ("a chat response").</param>
    public async ValueTask<T> ReadJsonAsync<T>(
        HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationTokenSource timeout, CancellationToken cancellationToken, string expected = "a chat response")
        where T : class
    {
        using var buffer = await ReadBodyAsync(response, timeout, cancellationToken).ConfigureAwait(false);
        var body = buffer.WrittenMemory.Span;
        try
        {
            return JsonSerializer.Deserialize(body.StartsWith(Utf8Bom) ? body[Utf8Bom.Length..] : body, typeInfo)
                ?? throw new JsonException("The body is the JSON null.");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string the reader cannot turn into UTF-16, such as an escaped lone surrogate.
            throw RunflowErrors.Unreadable(response, ex, body, Options.ApiKey!, expected);
        }
    }

    /// <summary>Reads a whole body, bounded by <see cref="RunflowClientOptions.MaxResponseBodySize"/>, into an array: for
    /// answers whose shape is known only once read (an empty body, a bare array, a plain string).</summary>
    /// <param name="response">The response, with its headers read.</param>
    /// <param name="timeout">The call's timer, from <see cref="StartTimeout"/>.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async Task<byte[]> ReadBytesAsync(HttpResponseMessage response, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        using var buffer = await ReadBodyAsync(response, timeout, cancellationToken).ConfigureAwait(false);
        return buffer.WrittenMemory.ToArray();
    }

    /// <summary>Reads a whole body into pooled memory, which the caller disposes; the buffer never grows past the limit,
    /// and one more byte once it is full tells a body at the limit from a larger one.</summary>
    private async ValueTask<PooledBufferWriter> ReadBodyAsync(HttpResponseMessage response, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        var limit = Options.MaxResponseBodySize;
        if (DeclaredLength(response) > limit)
        {
            throw RunflowErrors.TooLarge(response, limit, Options.OptionName(nameof(RunflowClientOptions.MaxResponseBodySize)));
        }

        var buffer = new PooledBufferWriter(FirstBufferSize, (int)limit);
        var failure = Failure.None;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    var free = limit - buffer.WrittenCount;
                    // The room left, grown only when less than a small read would fit: a body that fits the first
                    // buffer ends with a read into that same buffer instead of a larger one.
                    var target = free == 0 ? new byte[1] : buffer.GetMemory((int)Math.Min(MinRead, free));
                    var read = await stream.ReadAsync(free == 0 ? target : target[..(int)Math.Min(target.Length, free)], timeout.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return buffer;
                    }

                    if (free == 0)
                    {
                        throw RunflowErrors.TooLarge(response, limit, Options.OptionName(nameof(RunflowClientOptions.MaxResponseBodySize)));
                    }

                    buffer.Advance(read);
                }
            }
        }
        catch (Exception ex) when ((failure = Classify(ex, timeout, cancellationToken)) != Failure.None)
        {
            buffer.Dispose();
            throw Translate(failure, ex, response.RequestMessage?.RequestUri ?? Options.Endpoint, cancellationToken, streamIdle: false);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>The body's <c>Content-Length</c>, read as it came rather than through the typed header, which parses and
    /// stores it for every response; <see langword="null"/> when there is none or it is not one number.</summary>
    private static long? DeclaredLength(HttpResponseMessage response) =>
        response.Content.Headers.NonValidated.TryGetValues("Content-Length", out var values)
        && long.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;

    /// <summary>Opens a streamed body; after this only the idle timeout applies.</summary>
    public async Task<Stream> ReadStreamAsync(HttpResponseMessage response, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        var failure = Failure.None;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            timeout.CancelAfter(Timeout.InfiniteTimeSpan);
            return stream;
        }
        catch (Exception ex) when ((failure = Classify(ex, timeout, cancellationToken)) != Failure.None)
        {
            throw Translate(failure, ex, response.RequestMessage?.RequestUri ?? Options.Endpoint, cancellationToken, streamIdle: false);
        }
    }

    /// <summary>Sorts a failure of a streamed body's read: <see langword="null"/> when it is not ours to translate
    /// (the caller's own cancellation, a <see cref="RunflowException"/>), else the exception to throw instead.</summary>
    public Exception? TranslateStreamFailure(Exception ex, CancellationTokenSource timeout, CancellationToken cancellationToken) =>
        Classify(ex, timeout, cancellationToken) is var failure and not Failure.None
            ? Translate(failure, ex, Options.Endpoint, cancellationToken, streamIdle: true)
            : null;

    public void Dispose()
    {
        _disposed = true;
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    /// <summary>
    /// Sorts an exception from the transport: the caller's own cancellation goes out as it is (or as an
    /// <see cref="OperationCanceledException"/> when the transport reported it as an I/O error); our timers become
    /// timeouts; I/O and HTTP failures become transport failures; anything else is not ours to translate.
    /// </summary>
    private Failure Classify(Exception ex, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        if (ex is RunflowException)
        {
            return Failure.None;
        }

        // Disposing an HttpClient cancels its calls in flight, which would otherwise look like nobody's cancellation.
        if (_disposed && !cancellationToken.IsCancellationRequested && ex is OperationCanceledException or ObjectDisposedException or IOException or HttpRequestException)
        {
            return Failure.Disposed;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ex is OperationCanceledException canceled && canceled.CancellationToken == cancellationToken ? Failure.None : Failure.Cancelled;
        }

        if (timeout.IsCancellationRequested && ex is OperationCanceledException or IOException or HttpRequestException)
        {
            return Failure.TimedOut;
        }

        // Polly's rejections (an open circuit, an attempt timeout) come from a resilience handler in the HttpClient.
        return ex is IOException or HttpRequestException or TimeoutException or Polly.ExecutionRejectedException
            ? Failure.Transport
            : Failure.None;
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private Exception Translate(Failure failure, Exception ex, Uri uri, CancellationToken cancellationToken, bool streamIdle) => failure switch
    {
        Failure.Cancelled => new OperationCanceledException("The call to Runflow was cancelled.", ex, cancellationToken),
        Failure.Disposed => new RunflowException("The Runflow client was disposed while this call was in flight.", ex),
        Failure.TimedOut when streamIdle => RunflowErrors.Timeout(
            "Waiting for the next part of the Runflow stream", Options.StreamIdleTimeout, Options.OptionName(nameof(RunflowClientOptions.StreamIdleTimeout))),
        Failure.TimedOut => RunflowErrors.Timeout("The call to Runflow", Options.NetworkTimeout, Options.OptionName(nameof(RunflowClientOptions.NetworkTimeout))),
        _ when streamIdle => RunflowErrors.Transport(uri, new IOException("The stream broke before the response was complete.", ex)),
        _ => RunflowErrors.Transport(uri, ex),
    };
}
