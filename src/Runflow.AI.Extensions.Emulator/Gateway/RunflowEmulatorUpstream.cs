using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Gateway mode's model: asks the OpenAI-compatible server of <see cref="RunflowEmulatorOptions.Upstream"/> through
/// the <c>OpenAI</c> library, its model names mapped by <see cref="RunflowEmulatorOptions.UpstreamModelMap"/>, and
/// turns every failure into a <see cref="RunflowEmulatorUpstreamException"/> the emulator answers in Runflow's error shape.
/// </summary>
internal sealed class RunflowEmulatorUpstream : IDisposable
{
    private const int MaxMessageLength = 1_000;

    private readonly HttpClient _http;
    private readonly OpenAIClient _client;
    private readonly Dictionary<string, string> _modelMap;
    private readonly string? _apiKey;
    private readonly TimeSpan _timeout;

    /// <summary>Initializes a new instance of the <see cref="RunflowEmulatorUpstream"/> class.</summary>
    /// <param name="options">The emulator's options, with <see cref="RunflowEmulatorOptions.Upstream"/> set.</param>
    /// <param name="maxResponseBytes">The largest upstream body read.</param>
    public RunflowEmulatorUpstream(RunflowEmulatorOptions options, long maxResponseBytes = RunflowEmulatorUpstreamLimitHandler.DefaultMaxResponseBytes)
    {
        _apiKey = string.IsNullOrEmpty(options.UpstreamApiKey) ? null : options.UpstreamApiKey;
        _timeout = options.UpstreamTimeout;
        _modelMap = new Dictionary<string, string>(options.UpstreamModelMap, StringComparer.Ordinal);

        // Redirects are not followed: the key would go with the request to wherever the upstream points.
        var sockets = new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = options.UpstreamTimeout };
        _http = new HttpClient(new RunflowEmulatorUpstreamLimitHandler(maxResponseBytes, sockets)) { Timeout = Timeout.InfiniteTimeSpan };
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Upstream,
            Transport = new HttpClientPipelineTransport(_http),
            NetworkTimeout = options.UpstreamTimeout,

            // The Runflow client in front has its own retries; the gateway reports each upstream failure as it comes.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        AuthenticationPolicy authentication = _apiKey is null
            ? new RunflowEmulatorNoAuthenticationPolicy()
            : ApiKeyAuthenticationPolicy.CreateBearerAuthorizationPolicy(new ApiKeyCredential(_apiKey));
        _client = new OpenAIClient(authentication, clientOptions);
    }

    /// <summary>Gets the upstream's name for a model: its entry in the model map, else the name itself.</summary>
    /// <param name="model">The model the Runflow request named.</param>
    /// <returns>The model sent upstream.</returns>
    public string ModelFor(string model) => _modelMap.GetValueOrDefault(model, model);

    /// <summary>Answers a chat request through Chat Completions.</summary>
    /// <param name="request">The parsed request.</param>
    /// <param name="files">Finds a file uploaded to the emulator by its id.</param>
    /// <param name="cancellationToken">Cancelled when the client goes away or the emulator stops.</param>
    /// <returns>The answer, in the emulator's terms.</returns>
    /// <exception cref="RunflowEmulatorUpstreamException">The request cannot be passed on, or the upstream failed.</exception>
    public async Task<RunflowEmulatorAnswer> CompleteAsync(RunflowEmulatorChatRequest request, Func<string, RunflowEmulatorStoredFile?> files, CancellationToken cancellationToken)
    {
        List<ChatMessage> messages = RunflowEmulatorUpstreamMapper.ToUpstreamMessages(request, files);
        ChatCompletionOptions options = RunflowEmulatorUpstreamMapper.ToUpstreamOptions(request);
        try
        {
            ClientResult<ChatCompletion> result = await _client.GetChatClient(ModelFor(request.Model))
                .CompleteChatAsync(messages, options, cancellationToken).ConfigureAwait(false);
            return RunflowEmulatorUpstreamMapper.FromUpstreamCompletion(result.Value, request.Model);
        }
        catch (Exception ex) when (IsUpstreamFailure(ex, cancellationToken))
        {
            throw Translate(ex);
        }
    }

    /// <summary>
    /// Starts a streamed answer and waits for its first update, so an upstream failure is still known before the
    /// emulator sends its headers; the rest of the text arrives as the returned sequence is read.
    /// </summary>
    /// <param name="request">The parsed request.</param>
    /// <param name="files">Finds a file uploaded to the emulator by its id.</param>
    /// <param name="cancellationToken">Cancelled when the client goes away or the emulator stops.</param>
    /// <returns>The text of the answer, as UTF-8 pieces as the upstream sends them; a failure while it is read is a
    /// <see cref="RunflowEmulatorUpstreamException"/>, after which the emulator drops the connection.</returns>
    /// <exception cref="RunflowEmulatorUpstreamException">The request cannot be passed on, or the upstream failed.</exception>
    public async Task<IAsyncEnumerable<ReadOnlyMemory<byte>>> StreamAsync(RunflowEmulatorChatRequest request, Func<string, RunflowEmulatorStoredFile?> files, CancellationToken cancellationToken)
    {
        List<ChatMessage> messages = RunflowEmulatorUpstreamMapper.ToUpstreamMessages(request, files);
        ChatCompletionOptions options = RunflowEmulatorUpstreamMapper.ToUpstreamOptions(request);
        IAsyncEnumerator<StreamingChatCompletionUpdate> updates = _client.GetChatClient(ModelFor(request.Model))
            .CompleteChatStreamingAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            bool more = await updates.MoveNextAsync().ConfigureAwait(false);
            return ReadAsync(updates, more, cancellationToken);
        }
        catch (Exception ex)
        {
            await updates.DisposeAsync().ConfigureAwait(false);
            if (IsUpstreamFailure(ex, cancellationToken))
            {
                throw Translate(ex);
            }

            throw;
        }
    }

    /// <summary>Answers an embeddings request through Embeddings.</summary>
    /// <param name="request">The parsed request.</param>
    /// <param name="cancellationToken">Cancelled when the client goes away or the emulator stops.</param>
    /// <returns>The answer, in the emulator's terms.</returns>
    /// <exception cref="RunflowEmulatorUpstreamException">The upstream failed.</exception>
    public async Task<RunflowEmulatorEmbeddingAnswer> EmbedAsync(RunflowEmulatorEmbeddingRequest request, CancellationToken cancellationToken)
    {
        var options = new EmbeddingGenerationOptions { Dimensions = request.HasDimensions ? request.Dimensions : null };
        try
        {
            ClientResult<OpenAIEmbeddingCollection> result = await _client.GetEmbeddingClient(ModelFor(request.Model))
                .GenerateEmbeddingsAsync(request.Inputs, options, cancellationToken).ConfigureAwait(false);
            return RunflowEmulatorUpstreamMapper.FromUpstreamEmbeddings(result.Value, request.Model);
        }
        catch (Exception ex) when (IsUpstreamFailure(ex, cancellationToken))
        {
            throw Translate(ex);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    // The caller's own cancellation (client gone, emulator stopping) is not the upstream's failure.
    private static bool IsUpstreamFailure(Exception ex, CancellationToken cancellationToken) =>
        !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(
        IAsyncEnumerator<StreamingChatCompletionUpdate> updates, bool more, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using (updates.ConfigureAwait(false))
        {
            while (more)
            {
                string text = RunflowEmulatorUpstreamMapper.TextOf(updates.Current.ContentUpdate);
                if (text.Length > 0)
                {
                    yield return Encoding.UTF8.GetBytes(text);
                }

                try
                {
                    more = await updates.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (IsUpstreamFailure(ex, cancellationToken))
                {
                    throw Translate(ex);
                }
            }
        }
    }

    private RunflowEmulatorUpstreamException Translate(Exception ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is RunflowEmulatorUpstreamException known)
            {
                return known;
            }
        }

        if (ex is OperationCanceledException)
        {
            return new RunflowEmulatorUpstreamException(504, string.Create(CultureInfo.InvariantCulture, $"The upstream did not answer within {_timeout.TotalSeconds:0.###} seconds."), innerException: ex);
        }

        if (ex is ClientResultException { Status: > 0 } failure)
        {
            PipelineResponse? response = failure.GetRawResponse();
            string status = failure.Status.ToString(CultureInfo.InvariantCulture);
            if (failure.Status is >= 300 and < 400)
            {
                return new RunflowEmulatorUpstreamException(502, $"The upstream answered HTTP {status}, a redirect, which the emulator does not follow; set the upstream URL it redirects to.", innerException: ex);
            }

            // An upstream that rejects a key can quote it back; the emulator never passes it on.
            string message = $"The upstream answered HTTP {status}: {RunflowEmulatorSecrets.Mask(MessageOf(response), _apiKey)}";
            string? retryAfter = response?.Headers.TryGetValue("Retry-After", out string? value) == true ? value : null;
            return new RunflowEmulatorUpstreamException(failure.Status is >= 400 and < 500 ? failure.Status : 502, message, retryAfter, ex);
        }

        // No answer at all (connection refused, reset, DNS), or one the library could not read.
        Exception cause = ex is ClientResultException && ex.InnerException is not null ? ex.InnerException : ex;
        string what = cause is HttpRequestException or IOException ? "could not be reached" : "sent an answer the emulator could not read";
        return new RunflowEmulatorUpstreamException(502, $"The upstream {what}: {RunflowEmulatorSecrets.Mask(Shorten(cause.Message), _apiKey)}", innerException: ex);
    }

    // OpenAI's { "error": { "message" } }, the { "error": "…" } or { "message" } or { "detail" } of other servers, or the text.
    private static string MessageOf(PipelineResponse? response)
    {
        string body;
        try
        {
            body = response?.Content.ToString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return response?.ReasonPhrase ?? "no message";
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (string name in (ReadOnlySpan<string>)["error", "message", "detail"])
                {
                    if (root.TryGetProperty(name, out JsonElement value))
                    {
                        if (value.ValueKind == JsonValueKind.String)
                        {
                            return Shorten(value.GetString()!);
                        }

                        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("message", out JsonElement inner) && inner.ValueKind == JsonValueKind.String)
                        {
                            return Shorten(inner.GetString()!);
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return string.IsNullOrWhiteSpace(body) ? response?.ReasonPhrase ?? "no message" : Shorten(body.Trim());
    }

    private static string Shorten(string text) => text.Length <= MaxMessageLength ? text : string.Concat(text.AsSpan(0, MaxMessageLength), "…");
}
