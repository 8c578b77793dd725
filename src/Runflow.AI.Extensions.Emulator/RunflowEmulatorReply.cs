using System.Text;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// A scripted answer for one request, queued with <see cref="RunflowEmulator.Enqueue(RunflowEmulatorReply)"/>.
/// </summary>
/// <remarks>
/// <para>
/// Every request that passes the API-key check takes the next queued reply, in order; when the queue is empty the
/// deterministic model answers.
/// </para>
/// <para>
/// A reply with a 429, 500 or 503 <see cref="Fault"/>, a <see cref="RawBody"/> or a <see cref="StatusCode"/> other
/// than 200 is sent as it is, whatever the request. Otherwise the request is validated as the service would (an
/// invalid one gets its 400) and the reply overrides the model's answer field by field: <see cref="Text"/> or
/// <see cref="ToolCalls"/> replace the model's content, and every property left <see langword="null"/> keeps the
/// model's value.
/// </para>
/// <para>
/// The other faults (malformed JSON, slow first byte, stalled stream, dropped connection, close before headers)
/// spoil the answer the request would otherwise get.
/// </para>
/// <para>
/// On the embeddings endpoint, <see cref="Embeddings"/> replaces the model's vectors, and <see cref="Model"/>,
/// <see cref="Usage"/> and <see cref="Headers"/> apply as on the chat endpoint; the chat-only properties
/// (<see cref="Text"/>, <see cref="ToolCalls"/>, <see cref="FinishReason"/>, <see cref="Thinking"/>,
/// <see cref="StreamChunks"/>) are ignored there, as <see cref="Embeddings"/> is on the chat endpoints. Any other
/// shape of embeddings answer (a bare <c>{ "embeddings": [[…]] }</c>, items out of order, missing fields) is
/// scripted with <see cref="RawBody"/>.
/// </para>
/// <para>
/// On the file-upload and image-generation endpoints the status, faults, headers and <see cref="RawBody"/> apply as
/// everywhere, and on the image endpoint <see cref="Model"/> and <see cref="Usage"/> too; a reply that answers with an
/// error or a 429, 500 or 503 fault leaves the upload unkept.
/// </para>
/// </remarks>
public sealed class RunflowEmulatorReply
{
    /// <summary>Gets the reply text (also the streamed text, unless <see cref="StreamChunks"/> is set).</summary>
    /// <value>The default is <see langword="null"/>: the model's text, or empty when <see cref="ToolCalls"/> is set.</value>
    public string? Text { get; init; }

    /// <summary>Gets the tool calls of the reply; the streaming endpoint ignores them.</summary>
    /// <value>The default is <see langword="null"/>: the model's tool calls, or none when <see cref="Text"/> is set.</value>
    public IReadOnlyList<RunflowEmulatorToolCall>? ToolCalls { get; init; }

    /// <summary>Gets the finish reason, sent verbatim (any provider's spelling can be scripted).</summary>
    /// <value>The default is <see langword="null"/>: <c>tool_calls</c> when there are tool calls, else the model's reason or <c>stop</c>.</value>
    public string? FinishReason { get; init; }

    /// <summary>Gets the token counts.</summary>
    /// <value>The default is <see langword="null"/>: counted by the emulator's tokenizer.</value>
    public RunflowEmulatorUsage? Usage { get; init; }

    /// <summary>Gets the model name of the reply.</summary>
    /// <value>The default is <see langword="null"/>: the request's model.</value>
    public string? Model { get; init; }

    /// <summary>Gets the reasoning text, sent as <c>thinking</c>.</summary>
    /// <value>The default is <see langword="null"/>: the model's reasoning when the request enabled thinking, else none.</value>
    public string? Thinking { get; init; }

    /// <summary>
    /// Gets the vectors the embeddings endpoint sends, one <c>data</c> item each, indexed in order, whatever the
    /// number of inputs (so a client can be shown too few or too many).
    /// </summary>
    /// <value>
    /// The default is <see langword="null"/>: the model's vectors, one per input. The response keeps the emulator's
    /// shape (bare or enveloped, see <see cref="RunflowEmulatorOptions.EmbeddingsEnvelope"/>), model and usage. Values
    /// must be finite, as JSON has no NaN or infinity; a vector holding one is answered with HTTP 500.
    /// </value>
    public IReadOnlyList<float[]>? Embeddings { get; init; }

    /// <summary>Gets the HTTP status code.</summary>
    /// <value>
    /// The default is 200. Any other value sends <c>{ "success": false, "error": <see cref="Error"/> }</c> unless
    /// <see cref="RawBody"/> is set.
    /// </value>
    public int StatusCode { get; init; } = 200;

    /// <summary>Gets the error message of a reply whose <see cref="StatusCode"/> is not 200.</summary>
    /// <value>The default is <see langword="null"/>: a message naming the status code.</value>
    public string? Error { get; init; }

    /// <summary>Gets extra response headers; they replace headers of the same name the emulator would send.</summary>
    /// <value>The default is an empty dictionary, keyed without regard to case.</value>
    public IDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets a body to send verbatim, on any endpoint, instead of anything the emulator would build.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public byte[]? RawBody { get; init; }

    /// <summary>Gets the content type sent with <see cref="RawBody"/>.</summary>
    /// <value>The default is <see langword="null"/>: <c>application/json; charset=utf-8</c>.</value>
    public string? ContentType { get; init; }

    /// <summary>Gets the pause before the status line and headers are sent.</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>.</value>
    public TimeSpan HeadersDelay { get; init; }

    /// <summary>Gets the pause after the headers are sent and before the first body byte.</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>.</value>
    public TimeSpan BodyDelay { get; init; }

    /// <summary>
    /// Gets the exact text chunks the streaming endpoint writes, each flushed on its own after
    /// <see cref="RunflowEmulatorOptions.StreamChunkDelay"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the reply text cut into <see cref="RunflowEmulatorOptions.StreamChunkSize"/> byte chunks.</value>
    public IReadOnlyList<string>? StreamChunks { get; init; }

    /// <summary>Gets the fault to inject.</summary>
    /// <value>The default is <see cref="RunflowEmulatorFault.None"/>.</value>
    public RunflowEmulatorFault Fault { get; init; }

    /// <summary>
    /// Gets how many body bytes a <see cref="RunflowEmulatorFault.StalledStream"/> or
    /// <see cref="RunflowEmulatorFault.DroppedConnection"/> fault sends before it stalls or drops.
    /// </summary>
    /// <value>The default is <see langword="null"/>: half of the body, at least one byte.</value>
    public int? FaultAfterBytes { get; init; }

    /// <summary>Gets the <c>Retry-After</c> of a <see cref="RunflowEmulatorFault.TooManyRequests"/> fault, sent in whole seconds.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="RunflowEmulatorOptions.RetryAfter"/>.</value>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Creates a reply with the given text and the model's usage and model name.</summary>
    /// <param name="text">The reply text.</param>
    /// <returns>The reply.</returns>
    public static RunflowEmulatorReply FromText(string text) => new() { Text = text };

    /// <summary>Creates a reply that calls the given tools.</summary>
    /// <param name="toolCalls">The tool calls, in order.</param>
    /// <returns>The reply.</returns>
    public static RunflowEmulatorReply FromToolCalls(params RunflowEmulatorToolCall[] toolCalls) => new() { ToolCalls = toolCalls };

    /// <summary>Creates an embeddings reply with the given vectors and the model's usage and model name.</summary>
    /// <param name="embeddings">The vectors, in order; each becomes one <c>data</c> item.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="embeddings"/> or one of its vectors is <see langword="null"/>.</exception>
    public static RunflowEmulatorReply FromEmbeddings(params float[][] embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        foreach (float[] vector in embeddings)
        {
            ArgumentNullException.ThrowIfNull(vector, nameof(embeddings));
        }

        return new() { Embeddings = embeddings };
    }

    /// <summary>Creates a reply that sends <paramref name="body"/> verbatim, UTF-8 encoded.</summary>
    /// <param name="body">The body text.</param>
    /// <param name="contentType">The content type.</param>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <returns>The reply.</returns>
    public static RunflowEmulatorReply FromRawBody(string body, string contentType = "application/json; charset=utf-8", int statusCode = 200)
    {
        ArgumentNullException.ThrowIfNull(body);
        return FromRawBody(Encoding.UTF8.GetBytes(body), contentType, statusCode);
    }

    /// <summary>Creates a reply that sends <paramref name="body"/> verbatim.</summary>
    /// <param name="body">The body bytes.</param>
    /// <param name="contentType">The content type.</param>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <returns>The reply.</returns>
    public static RunflowEmulatorReply FromRawBody(byte[] body, string contentType, int statusCode = 200)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        return new() { RawBody = body, ContentType = contentType, StatusCode = statusCode };
    }

    /// <summary>Creates an HTTP 429 reply with a <c>Retry-After</c> header.</summary>
    /// <param name="retryAfter">The wait to announce, sent in whole seconds; <see langword="null"/> for <see cref="RunflowEmulatorOptions.RetryAfter"/>.</param>
    /// <returns>The reply.</returns>
    public static RunflowEmulatorReply TooManyRequests(TimeSpan? retryAfter = null) =>
        new() { Fault = RunflowEmulatorFault.TooManyRequests, RetryAfter = retryAfter };

    /// <summary>Creates an HTTP 500 reply.</summary>
    /// <returns>The reply.</returns>
    public static RunflowEmulatorReply InternalServerError() => new() { Fault = RunflowEmulatorFault.InternalServerError };

    /// <summary>Creates an HTTP 503 reply.</summary>
    /// <returns>The reply.</returns>
    public static RunflowEmulatorReply ServiceUnavailable() => new() { Fault = RunflowEmulatorFault.ServiceUnavailable };

    /// <summary>Creates an HTTP 200 reply whose JSON body is cut in the middle.</summary>
    /// <returns>The reply.</returns>
    public static RunflowEmulatorReply MalformedJson() => new() { Fault = RunflowEmulatorFault.MalformedJson };

    /// <summary>Creates a normal reply whose headers are sent only after <paramref name="delay"/>.</summary>
    /// <param name="delay">The pause before the headers.</param>
    /// <returns>The reply.</returns>
    public static RunflowEmulatorReply SlowFirstByte(TimeSpan delay) =>
        new() { Fault = RunflowEmulatorFault.SlowFirstByte, HeadersDelay = delay };

    /// <summary>Creates a reply that sends some of its body and then stalls with the connection open.</summary>
    /// <param name="bytesBeforeStall">The body bytes to send first; <see langword="null"/> for half of the body.</param>
    /// <returns>The reply.</returns>
    public static RunflowEmulatorReply StalledStream(int? bytesBeforeStall = null) =>
        new() { Fault = RunflowEmulatorFault.StalledStream, FaultAfterBytes = bytesBeforeStall };

    /// <summary>Creates a reply that sends some of its body and then aborts the connection.</summary>
    /// <param name="bytesBeforeDrop">The body bytes to send first; <see langword="null"/> for half of the body.</param>
    /// <returns>The reply.</returns>
    public static RunflowEmulatorReply DroppedConnection(int? bytesBeforeDrop = null) =>
        new() { Fault = RunflowEmulatorFault.DroppedConnection, FaultAfterBytes = bytesBeforeDrop };

    /// <summary>Creates a reply that aborts the connection before sending any byte.</summary>
    /// <returns>The reply.</returns>
    public static RunflowEmulatorReply CloseBeforeHeaders() => new() { Fault = RunflowEmulatorFault.CloseBeforeHeaders };
}
