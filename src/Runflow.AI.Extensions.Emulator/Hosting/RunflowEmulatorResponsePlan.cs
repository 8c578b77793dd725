namespace Runflow.AI.Extensions.Emulator;

/// <summary>What the emulator is about to send for one request: status, headers and body pieces.</summary>
internal sealed class RunflowEmulatorResponsePlan
{
    /// <summary>The content type of every JSON answer.</summary>
    public const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>Gets the HTTP status code.</summary>
    public required int StatusCode { get; init; }

    /// <summary>Gets the content type.</summary>
    public required string ContentType { get; init; }

    /// <summary>Gets the body pieces; each is written and flushed on its own.</summary>
    public required IReadOnlyList<ReadOnlyMemory<byte>> Body { get; init; }

    /// <summary>
    /// Gets a value indicating whether the body is a text stream: sent chunked, without <c>Content-Length</c>, with
    /// <see cref="RunflowEmulatorOptions.StreamChunkDelay"/> between pieces.
    /// </summary>
    public bool IsStream { get; init; }

    /// <summary>
    /// Gets pieces written after <see cref="Body"/> as they are produced, such as the text of an upstream's streamed
    /// answer in gateway mode; a <see cref="RunflowEmulatorUpstreamException"/> while it is read drops the connection.
    /// </summary>
    public IAsyncEnumerable<ReadOnlyMemory<byte>>? Live { get; init; }

    /// <summary>Gets headers the emulator adds, such as <c>Retry-After</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the total body length in bytes.</summary>
    public int Length => Body.Sum(b => b.Length);

    /// <summary>Plans a JSON answer.</summary>
    /// <param name="body">The UTF-8 body.</param>
    /// <returns>The plan, HTTP 200.</returns>
    public static RunflowEmulatorResponsePlan Json(ReadOnlyMemory<byte> body) => new()
    {
        StatusCode = 200,
        ContentType = JsonContentType,
        Body = [body],
    };

    /// <summary>Plans an error answer, <c>{ "success": false, "error" }</c>.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="message">The message; it never contains the API key.</param>
    /// <returns>The plan.</returns>
    public static RunflowEmulatorResponsePlan Error(int statusCode, string message) => new()
    {
        StatusCode = statusCode,
        ContentType = JsonContentType,
        Body = [RunflowEmulatorResponseWriter.WriteError(message)],
    };
}
