using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Runflow.AI.Extensions.Protocol;

namespace Runflow.AI.Extensions;

/// <summary>
/// A client of Runflow's conversation memory (<c>/api/v1/runtime/v1/memory/{memoryId}</c>): read and replace a memory,
/// append to it, search it and summarize it, so a conversation outlives the process that holds it and every replica of
/// a service sees the same one.
/// </summary>
/// <remarks>
/// <para>It shares <see cref="RunflowClientOptions"/>, errors and HTTP behaviour with <see cref="RunflowChatClient"/>; the
/// endpoints live under <see cref="RunflowClientOptions.MemoryPath"/>. A memory id is <c>entityType:entityValue</c>
/// (<c>user:alice</c>) or a session id. It is sent as one escaped path segment, and refused before anything is sent
/// when it is blank, longer than 256 characters, or holds a control character, <c>/</c>, <c>\</c>, <c>?</c>,
/// <c>#</c> or <c>..</c>.</para>
/// <para>Failures: <see cref="RunflowException"/> for every HTTP, transport, timeout or body failure;
/// <see cref="OperationCanceledException"/> when the caller cancels; <see cref="ArgumentException"/> before sending.</para>
/// </remarks>
public sealed class RunflowMemoryClient : IDisposable
{
    private static readonly string[] s_appendRoles = ["user", "assistant", "system"];

    private readonly RunflowTransport _transport;
    private readonly RunflowClientOptions _options;
    private readonly Uri _memoryUri;

    /// <summary>Initializes a new instance of the <see cref="RunflowMemoryClient"/> class.</summary>
    /// <param name="options">Where Runflow is and how to authenticate; copied and validated here.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, the instance creates and owns one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is missing or invalid; the message names it.</exception>
    public RunflowMemoryClient(RunflowClientOptions options, HttpClient? httpClient = null)
        : this(options, httpClient, timeProvider: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunflowMemoryClient"/> class with a clock.</summary>
    /// <param name="options">Where Runflow is and how to authenticate; copied and validated here.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, the instance creates and owns one.</param>
    /// <param name="timeProvider">The clock for <c>Retry-After</c> dates; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is missing or invalid; the message names it.</exception>
    public RunflowMemoryClient(RunflowClientOptions options, HttpClient? httpClient, TimeProvider? timeProvider)
    {
        _transport = new RunflowTransport(options, httpClient, timeProvider);
        _options = _transport.Options;
        _memoryUri = new Uri(_options.Endpoint, _options.MemoryPath + "/");
    }

    /// <summary>Reads a memory.</summary>
    /// <param name="memoryId">The memory's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The memory, or <see langword="null"/> when Runflow knows no memory of that id (it answers
    /// <c>{ "success": false }</c>).</returns>
    /// <exception cref="ArgumentException"><paramref name="memoryId"/> is not a usable id.</exception>
    /// <exception cref="RunflowException">The call failed.</exception>
    public Task<RunflowMemory?> GetAsync(string memoryId, CancellationToken cancellationToken = default)
    {
        Uri uri = UriOf(memoryId, suffix: null);
        return SendAsync(HttpMethod.Get, uri, content: null, "a memory", unknownIsNull: true, body => (RunflowMemory?)RunflowMemoryMapper.ToMemory(body, memoryId), cancellationToken);
    }

    /// <summary>Replaces a memory's messages (and metadata), creating the memory when it does not exist.</summary>
    /// <param name="memoryId">The memory's id.</param>
    /// <param name="messages">The messages, oldest first.</param>
    /// <param name="metadata">The memory's metadata, or <see langword="null"/> to send none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Runflow has stored the memory.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/> or holds a <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="memoryId"/> is not a usable id.</exception>
    /// <exception cref="RunflowException">The call failed.</exception>
    public Task SetAsync(
        string memoryId, IEnumerable<RunflowMemoryMessage> messages, IReadOnlyDictionary<string, JsonElement>? metadata = null, CancellationToken cancellationToken = default)
    {
        Uri uri = UriOf(memoryId, suffix: null);
        var body = new RunflowMemorySetRequest
        {
            Messages = [.. Throw.IfNull(messages).Select(m => RunflowMemoryMapper.ToDto(m ?? throw new ArgumentNullException(nameof(messages), "The messages must not contain null.")))],
            Metadata = metadata is null ? null : new Dictionary<string, JsonElement>(metadata, StringComparer.Ordinal),
        };
        return SendAsync(HttpMethod.Put, uri, RunflowJsonContent.Create(body, RunflowJson.BodyContext.RunflowMemorySetRequest), "an acknowledgement", unknownIsNull: false, static _ => true, cancellationToken);
    }

    /// <summary>Appends one message to a memory, creating the memory when it does not exist.</summary>
    /// <param name="memoryId">The memory's id.</param>
    /// <param name="message">The message; Runflow appends <c>user</c>, <c>assistant</c> and <c>system</c> messages
    /// (<see cref="RunflowMemoryMessage.FromChatMessage"/> stores a tool result as <c>assistant</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Runflow has stored the message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="memoryId"/> is not a usable id, or the message's role is not
    /// one Runflow appends.</exception>
    /// <exception cref="RunflowException">The call failed.</exception>
    public Task AppendAsync(string memoryId, RunflowMemoryMessage message, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(message);
        Uri uri = UriOf(memoryId, "/append");
        if (!s_appendRoles.Contains(message.Role.Value))
        {
            throw new ArgumentException(
                $"Runflow's memory appends user, assistant and system messages, not '{message.Role}'; RunflowMemoryMessage.FromChatMessage stores other messages as assistant messages.",
                nameof(message));
        }

        return SendAsync(HttpMethod.Post, uri, RunflowJsonContent.Create(RunflowMemoryMapper.ToDto(message), RunflowJson.BodyContext.RunflowMemoryMessageDto), "an acknowledgement", unknownIsNull: false, static _ => true, cancellationToken);
    }

    /// <summary>Searches a memory's messages.</summary>
    /// <param name="memoryId">The memory's id.</param>
    /// <param name="query">What to look for.</param>
    /// <param name="limit">The most messages to return; Runflow's default (50) when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The matches, best first.</returns>
    /// <exception cref="ArgumentException"><paramref name="memoryId"/> is not a usable id, or <paramref name="query"/> is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    /// <exception cref="RunflowException">The call failed.</exception>
    public Task<IReadOnlyList<RunflowMemoryMessage>> SearchAsync(string memoryId, string query, int? limit = null, CancellationToken cancellationToken = default)
    {
        Uri uri = UriOf(memoryId, "/search");
        Throw.IfNullOrWhiteSpace(query);
        if (limit is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The search limit must be at least 1.");
        }

        var body = new RunflowMemorySearchRequest { Query = query, Limit = limit };
        return SendAsync(
            HttpMethod.Post,
            uri,
            RunflowJsonContent.Create(body, RunflowJson.BodyContext.RunflowMemorySearchRequest),
            "a list of memory messages",
            unknownIsNull: false,
            static answer => (IReadOnlyList<RunflowMemoryMessage>)RunflowMemoryMapper.ToMessages(answer),
            cancellationToken);
    }

    /// <summary>Asks Runflow to summarize a memory with a model; the memory keeps the summary.</summary>
    /// <param name="memoryId">The memory's id.</param>
    /// <param name="prompt">How to summarize, or <see langword="null"/> for Runflow's own prompt.</param>
    /// <param name="modelId">The model, or <see langword="null"/> for Runflow's default (gpt-4o-mini).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentException"><paramref name="memoryId"/> is not a usable id.</exception>
    /// <exception cref="RunflowException">The call failed.</exception>
    /// <remarks>The provider sent is <see cref="RunflowClientOptions.Provider"/>, when set.</remarks>
    public Task<string> SummarizeAsync(string memoryId, string? prompt = null, string? modelId = null, CancellationToken cancellationToken = default)
    {
        Uri uri = UriOf(memoryId, "/summarize");
        var body = new RunflowMemorySummarizeRequest { Prompt = prompt, Model = modelId, Provider = _options.Provider };
        return SendAsync(HttpMethod.Post, uri, RunflowJsonContent.Create(body, RunflowJson.BodyContext.RunflowMemorySummarizeRequest), "a summary", unknownIsNull: false, RunflowMemoryMapper.ToSummary, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    private Uri UriOf(string memoryId, string? suffix, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(memoryId))] string? paramName = null) =>
        new(_memoryUri, Uri.EscapeDataString(RunflowMemoryMapper.ValidateMemoryId(memoryId, paramName!)) + suffix);

    /// <summary>Sends one memory call and reads its answer, bare or inside <c>{ "success": true, "data": … }</c>; an
    /// empty body is an answer too (PUT and append send none).</summary>
    private async Task<T> SendAsync<T>(
        HttpMethod method, Uri uri, HttpContent? content, string what, bool unknownIsNull, Func<JsonElement, T> map, CancellationToken cancellationToken)
    {
        using (content)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var timeout = _transport.StartTimeout(cancellationToken);
            using var request = _transport.CreateRequest(method, uri, content, "application/json");
            using var response = await _transport.SendAsync(request, timeout.Source, cancellationToken).ConfigureAwait(false);
            byte[] bytes = await _transport.ReadBytesAsync(response, timeout.Source, cancellationToken).ConfigureAwait(false);
            JsonElement body;
            try
            {
                body = IsBlank(bytes) ? default : JsonSerializer.Deserialize(bytes, RunflowJsonContext.Default.JsonElement);
            }
            catch (JsonException) when (response.Content.Headers.ContentType?.MediaType == "text/plain")
            {
                // A summary may come back as the text itself.
                body = JsonSerializer.SerializeToElement(Encoding.UTF8.GetString(bytes), RunflowJsonContext.Default.String);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                throw RunflowErrors.Unreadable(response, ex, bytes, _options.ApiKey!, what);
            }

            while (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("success", out JsonElement success))
            {
                if (success.ValueKind == JsonValueKind.False)
                {
                    if (unknownIsNull)
                    {
                        return default!;
                    }

                    JsonElement? error = body.TryGetProperty("error", out JsonElement e) ? e : null;
                    string? message = body.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    throw RunflowErrors.FromFailedEnvelope(response, error, message, _options.ApiKey!, _transport.TimeProvider);
                }

                if (!body.TryGetProperty("data", out JsonElement data))
                {
                    break;
                }

                body = data;
            }

            try
            {
                return map(body);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                throw RunflowErrors.Unreadable(response, ex, bytes, _options.ApiKey!, what);
            }
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> bytes) => bytes.Trim(" \t\r\n"u8).IsEmpty;
}
