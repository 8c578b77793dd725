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
/// <para>Images and files travel in user messages as OpenAI-style content parts, which Runflow translates for every
/// provider: <c>image/*</c> <see cref="DataContent"/> or <see cref="UriContent"/> as <c>image_url</c> (bytes as a
/// <c>data:</c> URI), <see cref="HostedFileContent"/> as <c>file</c>, any other file as <c>file_url</c>; a message of
/// text only keeps a plain string. A tool message takes only text, so a <see cref="FunctionResultContent"/> whose result
/// holds images or files carries their labels (<c>[image result: image/png, 12,345 bytes, follows in the next user
/// message]</c>), and the images and files follow in one user message right after the tool messages. Audio, and an image
/// or file in any other role, is refused with <see cref="NotSupportedException"/>.</para>
/// <para>The request id Runflow answers with is in <see cref="ChatResponse.AdditionalProperties"/> (and on the last
/// streamed update) under <see cref="RunflowResponseProperties.RequestId"/>.</para>
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

    private readonly RunflowTransport _transport;
    private readonly RunflowClientOptions _options;
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
        _transport = new RunflowTransport(options, httpClient, timeProvider, static o => o.RequireChatSettings());
        _options = _transport.Options;
        _chatUri = new Uri(_options.Endpoint, _options.ChatPath);
        _streamUri = new Uri(_options.Endpoint, _options.StreamPath);
        _metadata = new ChatClientMetadata(ProviderName, _options.Endpoint, _options.DefaultModelId);
    }

    /// <inheritdoc />
    /// <remarks>Not an async method itself: the call has one state machine, <see cref="GetChatResponseAsync"/>'s, which
    /// holds the serialized body rather than the request it was made from, so the request is garbage before the call
    /// waits for the network; bad input still comes back as a faulted task, as from an async method.</remarks>
    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        HttpContent content;
        string? model;
        try
        {
            Throw.IfNull(messages);
            cancellationToken.ThrowIfCancellationRequested();
            var request = RunflowRequestMapper.ToRunflowRequest(messages, options, _options);
            model = request.Model;
            content = CreateContent(request, options);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<ChatResponse>(cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromException<ChatResponse>(ex);
        }

        return GetChatResponseAsync(content, model, cancellationToken);
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
            var whole = await GetChatResponseAsync(CreateContent(request, options), request.Model, cancellationToken).ConfigureAwait(false);
            yield return ToUpdate(whole);
            yield break;
        }

        var responseId = NewResponseId();
        var createdAt = _transport.TimeProvider.GetUtcNow();
        using var call = _transport.StartTimeout(cancellationToken, streamed: true);
        var timeout = call.Source;
        using var httpRequest = _transport.CreateRequest(_streamUri, CreateContent(request, options), StreamAccept);
        using var response = await _transport.SendAsync(httpRequest, timeout, cancellationToken).ConfigureAwait(false);

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var requestId = _transport.ReadRequestId(response);
        if (string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            var body = Unwrap(response, await _transport.ReadJsonAsync(response, RunflowJsonContext.Default.RunflowChatResponse, timeout, cancellationToken).ConfigureAwait(false));
            var chatResponse = RunflowResponseMapper.FromRunflowResponse(body, request.Model, responseId, createdAt, requestId);
            yield return ToUpdate(chatResponse);
            yield break;
        }

        ChatFinishReason? finishReason = null;
        UsageDetails? usage = null;
        await foreach (var streamEvent in RunflowChatStream.ReadAsync(_transport, response, timeout, cancellationToken).ConfigureAwait(false))
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
        last.AdditionalProperties = RunflowResponseMapper.WithRequestId(null, requestId);
        if (usage is not null)
        {
            last.Contents.Add(new UsageContent(usage));
        }

        yield return last;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        RunflowClientServices.Get(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    private static bool NeedsChatEndpoint(RunflowChatRequest request) =>
        request.Tools is not null
        || request.Thinking is not null
        || request.AdditionalProperties?.ContainsKey("tools") == true
        || request.AdditionalProperties?.ContainsKey("thinking") == true;

    /// <summary>Makes a response id from 128 random bits: ids must be unique, not unguessable, so they come from
    /// <see cref="Random.Shared"/> rather than <see cref="Guid.NewGuid"/>, whose system call per response showed in
    /// profiles under load.</summary>
    private static string NewResponseId()
    {
        Span<byte> bits = stackalloc byte[16];
        Random.Shared.NextBytes(bits);
        return string.Create(ResponseIdPrefix.Length + 32, new Guid(bits), static (id, guid) =>
        {
            ResponseIdPrefix.CopyTo(id);
            guid.TryFormat(id[ResponseIdPrefix.Length..], out _, "N");
        });
    }

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

    /// <summary>Posts a serialized request to the chat endpoint and maps the answer.</summary>
    /// <param name="content">The body; disposed with the request.</param>
    /// <param name="model">The model asked for, for an answer that names none.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    private async Task<ChatResponse> GetChatResponseAsync(HttpContent content, string? model, CancellationToken cancellationToken)
    {
        using var timeout = _transport.StartTimeout(cancellationToken);
        using var httpRequest = _transport.CreateRequest(_chatUri, content, JsonAccept);
        using var response = await _transport.SendAsync(httpRequest, timeout.Source, cancellationToken).ConfigureAwait(false);
        var body = Unwrap(response, await _transport.ReadJsonAsync(response, RunflowJsonContext.Default.RunflowChatResponse, timeout.Source, cancellationToken).ConfigureAwait(false));
        return RunflowResponseMapper.FromRunflowResponse(
            body, model, NewResponseId(), _transport.TimeProvider.GetUtcNow(), _transport.ReadRequestId(response));
    }

    private HttpContent CreateContent(RunflowChatRequest request, ChatOptions? options) =>
        RunflowJsonContent.CreateChatBody(request, options?.RawRepresentationFactory?.Invoke(this) as JsonObject);

    /// <summary>The answer inside a body's envelope; a failed envelope becomes its <see cref="RunflowException"/>.</summary>
    private RunflowChatResponse Unwrap(HttpResponseMessage response, RunflowChatResponse body) =>
        RunflowResponseMapper.Unwrap(body)
            ?? throw RunflowErrors.FromFailedEnvelope(response, body.Error, body.Message, _options.ApiKey!, _transport.TimeProvider);
}
