using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Runflow.AI.Extensions.Protocol;

namespace Runflow.AI.Extensions;

/// <summary>
/// An <see cref="IChatClient"/> over Runflow's LLM gateway: <c>POST /api/v1/runtime/v1/chat</c> for responses and
/// <c>POST /api/v1/runtime/v1/chat/stream</c> for streamed text.
/// </summary>
/// <remarks>
/// <para>One instance is safe to share across threads. It copies and validates its options once, when it is created.</para>
/// <para>A streaming call that offers tools or asks for reasoning is served by the chat endpoint, since Runflow's stream
/// carries text only; its result arrives as updates, so function-invocation loops work the same streaming or not.</para>
/// <para>Failures: <see cref="RunflowException"/> for every HTTP, transport, timeout or body failure;
/// <see cref="OperationCanceledException"/> when the caller cancels; <see cref="ArgumentOutOfRangeException"/> and
/// <see cref="NotSupportedException"/> before sending, for options and contents Runflow cannot take.</para>
/// </remarks>
public sealed class RunflowChatClient : IChatClient
{
    private const string ProviderName = "runflow";
    private const string ResponseIdPrefix = "runflow-";
    private const string JsonAccept = "application/json";
    private const string StreamAccept = "text/plain, text/event-stream, application/json";

    private static readonly string UserAgent =
        "Runflow.AI.Extensions/" + (typeof(RunflowChatClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0");

    private readonly RunflowClientOptions _options;
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _chatUri;
    private readonly Uri _streamUri;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Initializes a new instance of the <see cref="RunflowChatClient"/> class.</summary>
    /// <param name="options">Where Runflow is and the defaults of every request; copied and validated here.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, the instance creates and owns one.
    /// A supplied client's <see cref="HttpClient.Timeout"/> still applies, so give it <see cref="Timeout.InfiniteTimeSpan"/>
    /// to let <see cref="RunflowClientOptions.NetworkTimeout"/> govern long generations.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is missing or invalid; the message names it.</exception>
    public RunflowChatClient(RunflowClientOptions options, HttpClient? httpClient = null)
        : this(options, httpClient, timeProvider: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunflowChatClient"/> class with a clock.</summary>
    /// <param name="options">Where Runflow is and the defaults of every request; copied and validated here.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, the instance creates and owns one.</param>
    /// <param name="timeProvider">The clock for <see cref="ChatResponse.CreatedAt"/> and <c>Retry-After</c> dates;
    /// <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is missing or invalid; the message names it.</exception>
    public RunflowChatClient(RunflowClientOptions options, HttpClient? httpClient, TimeProvider? timeProvider)
    {
        _options = Throw.IfNull(options).ValidatedCopy();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _ownsHttpClient = httpClient is null;
        _httpClient = httpClient ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _chatUri = new Uri(_options.Endpoint, _options.ChatPath);
        _streamUri = new Uri(_options.Endpoint, _options.StreamPath);
        _metadata = new ChatClientMetadata(ProviderName, _options.Endpoint, _options.DefaultModelId);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var request = RunflowRequestMapper.ToRunflowRequest(messages, options, _options);
        return await GetChatResponseAsync(request, options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var request = RunflowRequestMapper.ToRunflowRequest(messages, options, _options);

        if (NeedsChatEndpoint(request))
        {
            var whole = await GetChatResponseAsync(request, options, cancellationToken).ConfigureAwait(false);
            yield return ToUpdate(whole);
            yield break;
        }

        var responseId = NewResponseId();
        var createdAt = _timeProvider.GetUtcNow();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var httpRequest = CreateRequest(_streamUri, CreateContent(request, options), StreamAccept);
        using var response = await SendAsync(httpRequest, timeout, cancellationToken).ConfigureAwait(false);

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            var body = await ReadChatResponseAsync(response, timeout, cancellationToken).ConfigureAwait(false);
            var chatResponse = RunflowResponseMapper.FromRunflowResponse(body, request.Model, responseId, createdAt);
            yield return ToUpdate(chatResponse);
            yield break;
        }

        var stream = await ReadStreamAsync(response, timeout, cancellationToken).ConfigureAwait(false);
        var isEventStream = string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase);
        ChatFinishReason? finishReason = null;
        UsageDetails? usage = null;

        await foreach (var streamEvent in ReadEventsAsync(stream, isEventStream, timeout, cancellationToken).ConfigureAwait(false))
        {
            finishReason = RunflowResponseMapper.ToFinishReason(streamEvent.FinishReason) ?? finishReason;
            usage = RunflowResponseMapper.ToUsage(streamEvent.Usage) ?? usage;
            if (!string.IsNullOrEmpty(streamEvent.Text))
            {
                yield return NewUpdate(responseId, createdAt, request.Model, streamEvent.Text);
            }
        }

        var last = NewUpdate(responseId, createdAt, request.Model, text: null);
        last.FinishReason = finishReason ?? ChatFinishReason.Stop;
        if (usage is not null)
        {
            last.Contents.Add(new UsageContent(usage));
        }

        yield return last;
    }

    /// <summary>
    /// Reads a stream body as events: every decoded piece of a <c>text/plain</c> body is text; a <c>text/event-stream</c>
    /// body is split into its <c>data:</c> events, up to <c>[DONE]</c>.
    /// </summary>
    private async IAsyncEnumerable<RunflowStreamEvent> ReadEventsAsync(
        Stream stream, bool isEventStream, CancellationTokenSource timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new RunflowTextStreamReader(stream);
        var parser = isEventStream ? new RunflowEventStreamParser() : null;
        var data = parser is null ? null : new List<string>();

        while (true)
        {
            var piece = await ReadPieceAsync(reader, timeout, cancellationToken).ConfigureAwait(false);
            if (parser is null)
            {
                if (piece is null)
                {
                    yield break;
                }

                yield return new RunflowStreamEvent(piece, null, null, IsDone: false);
                continue;
            }

            data!.Clear();
            if (piece is null)
            {
                parser.Complete(data);
            }
            else
            {
                parser.Feed(piece, data);
            }

            foreach (var item in data)
            {
                var streamEvent = RunflowStreamEvent.Parse(item);
                if (streamEvent.IsDone)
                {
                    yield break;
                }

                yield return streamEvent;
            }

            if (piece is null)
            {
                yield break;
            }
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        Throw.IfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    private static bool NeedsChatEndpoint(RunflowChatRequest request) =>
        request.Tools is not null
        || request.Thinking is not null
        || request.AdditionalProperties?.ContainsKey("tools") == true
        || request.AdditionalProperties?.ContainsKey("thinking") == true;

    private static string NewResponseId() =>
        string.Create(ResponseIdPrefix.Length + 32, Guid.NewGuid(), static (id, guid) =>
        {
            ResponseIdPrefix.CopyTo(id);
            guid.TryFormat(id[ResponseIdPrefix.Length..], out _, "N");
        });

    private static ChatResponseUpdate NewUpdate(string responseId, DateTimeOffset createdAt, string? modelId, string? text) =>
        new(ChatRole.Assistant, text is null ? [] : [new TextContent(text)])
        {
            ResponseId = responseId,
            MessageId = responseId,
            CreatedAt = createdAt,
            ModelId = modelId,
        };

    private static ChatResponseUpdate ToUpdate(ChatResponse response)
    {
        var message = response.Messages[0];
        var update = new ChatResponseUpdate(ChatRole.Assistant, [.. message.Contents])
        {
            ResponseId = response.ResponseId,
            MessageId = message.MessageId,
            CreatedAt = response.CreatedAt,
            ModelId = response.ModelId,
            FinishReason = response.FinishReason,
            RawRepresentation = response.RawRepresentation,
            AdditionalProperties = response.AdditionalProperties,
        };

        if (response.Usage is { } usage)
        {
            update.Contents.Add(new UsageContent(usage));
        }

        return update;
    }

    private async Task<ChatResponse> GetChatResponseAsync(RunflowChatRequest request, ChatOptions? options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var httpRequest = CreateRequest(_chatUri, CreateContent(request, options), JsonAccept);
        using var response = await SendAsync(httpRequest, timeout, cancellationToken).ConfigureAwait(false);
        var body = await ReadChatResponseAsync(response, timeout, cancellationToken).ConfigureAwait(false);
        return RunflowResponseMapper.FromRunflowResponse(body, request.Model, NewResponseId(), _timeProvider.GetUtcNow());
    }

    private RunflowJsonContent CreateContent(RunflowChatRequest request, ChatOptions? options) =>
        RunflowJsonContent.Create(request, options?.RawRepresentationFactory?.Invoke(this) as JsonObject);

    private HttpRequestMessage CreateRequest(Uri uri, HttpContent content, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        var headers = request.Headers;
        headers.TryAddWithoutValidation("x-api-key", _options.ApiKey);
        if (_options.TenantId is { } tenantId)
        {
            headers.TryAddWithoutValidation("x-runflow-tenant-id", tenantId);
        }

        headers.TryAddWithoutValidation("Accept", accept);
        headers.TryAddWithoutValidation("User-Agent", UserAgent);
        return request;
    }

    /// <summary>Sends a request and returns a success response with its headers read; every failure becomes a <see cref="RunflowException"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        if (_options.NetworkTimeout != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(_options.NetworkTimeout);
        }

        HttpResponseMessage response;
        var failure = Failure.None;
        try
        {
            response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when ((failure = Classify(ex, timeout, cancellationToken)) != Failure.None)
        {
            throw Translate(failure, ex, cancellationToken, streamIdle: false);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var error = await RunflowErrors.FromResponseAsync(response, _options.ApiKey!, _timeProvider, timeout.Token).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw error;
        }
    }

    /// <summary>
    /// Reads a chat response: the body is read into pooled memory and deserialized from there in one synchronous pass,
    /// which is faster than deserializing from the stream and keeps the text for the error when it is not valid.
    /// </summary>
    private async Task<RunflowChatResponse> ReadChatResponseAsync(
        HttpResponseMessage response, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        using var buffer = new PooledBufferWriter(4096);
        var failure = Failure.None;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while ((read = await stream.ReadAsync(buffer.GetMemory(4096), timeout.Token).ConfigureAwait(false)) > 0)
                {
                    buffer.Advance(read);
                }
            }
        }
        catch (Exception ex) when ((failure = Classify(ex, timeout, cancellationToken)) != Failure.None)
        {
            throw Translate(failure, ex, cancellationToken, streamIdle: false);
        }

        RunflowChatResponse? body;
        try
        {
            body = JsonSerializer.Deserialize(buffer.WrittenMemory.Span, RunflowJsonContext.Default.RunflowChatResponse)
                ?? throw new JsonException("The body is the JSON null.");
        }
        catch (JsonException ex)
        {
            throw RunflowErrors.Unreadable(response, ex, buffer.WrittenMemory.Span, _options.ApiKey!);
        }

        return RunflowResponseMapper.Unwrap(body)
            ?? throw RunflowErrors.FromFailedEnvelope(response, body, _options.ApiKey!, _timeProvider);
    }

    private async Task<Stream> ReadStreamAsync(HttpResponseMessage response, CancellationTokenSource timeout, CancellationToken cancellationToken)
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
            throw Translate(failure, ex, cancellationToken, streamIdle: false);
        }
    }

    /// <summary>Reads the next piece of a stream; the idle timer runs only while waiting for bytes, never while the caller is busy.</summary>
    /// <remarks>Called once per piece, so its state machine is pooled rather than allocated each time.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<string?> ReadPieceAsync(RunflowTextStreamReader reader, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        var idle = _options.StreamIdleTimeout;
        if (idle != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(idle);
        }

        var failure = Failure.None;
        try
        {
            return await reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when ((failure = Classify(ex, timeout, cancellationToken)) != Failure.None)
        {
            throw Translate(failure, ex, cancellationToken, streamIdle: true);
        }
        finally
        {
            if (idle != Timeout.InfiniteTimeSpan && !timeout.IsCancellationRequested)
            {
                timeout.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>
    /// Sorts an exception from the transport: the caller's own cancellation goes out as it is (or as an
    /// <see cref="OperationCanceledException"/> when the transport reported it as an I/O error); our timers become
    /// timeouts; I/O and HTTP failures become transport failures; anything else is not ours to translate.
    /// </summary>
    private static Failure Classify(Exception ex, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        if (ex is RunflowException)
        {
            return Failure.None;
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

    private Exception Translate(Failure failure, Exception ex, CancellationToken cancellationToken, bool streamIdle) => failure switch
    {
        Failure.Cancelled => new OperationCanceledException("The call to Runflow was cancelled.", ex, cancellationToken),
        Failure.TimedOut when streamIdle => RunflowErrors.Timeout(
            "Waiting for the next part of the Runflow stream", _options.StreamIdleTimeout, nameof(RunflowClientOptions.StreamIdleTimeout)),
        Failure.TimedOut => RunflowErrors.Timeout("The call to Runflow", _options.NetworkTimeout, nameof(RunflowClientOptions.NetworkTimeout)),
        _ when streamIdle => RunflowErrors.Transport(_chatUri, new IOException("The stream broke before the response was complete.", ex)),
        _ => RunflowErrors.Transport(_chatUri, ex),
    };
}
