using System.Text.Json.Nodes;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>A request the emulator received, as recorded in <see cref="RunflowEmulator.Requests"/>.</summary>
/// <remarks>The API key itself is never recorded: its header values read <see cref="RedactedValue"/>.</remarks>
public sealed class RunflowEmulatorRequest
{
    /// <summary>The value recorded in place of an API key.</summary>
    public const string RedactedValue = "[redacted]";

    private int _statusCode;

    internal RunflowEmulatorRequest(
        string method,
        string path,
        IReadOnlyDictionary<string, string> headers,
        string? apiKeyHeaderName,
        string body,
        JsonNode? json)
    {
        Method = method;
        Path = path;
        Headers = headers;
        ApiKeyHeaderName = apiKeyHeaderName;
        Body = body;
        Json = json;
    }

    /// <summary>Gets the HTTP method.</summary>
    public string Method { get; }

    /// <summary>Gets the request path, with its leading slash and without the query string, which can carry a key.</summary>
    public string Path { get; }

    /// <summary>Gets a value indicating whether the request was sent to the streaming endpoint.</summary>
    public bool IsStreaming { get; internal init; }

    /// <summary>Gets a value indicating whether the request was sent to the embeddings endpoint.</summary>
    public bool IsEmbeddings { get; internal init; }

    /// <summary>
    /// Gets the request headers, keyed without regard to case; several values of one header are joined with
    /// <c>", "</c>. The values of the headers that can carry a credential (<c>x-api-key</c>, <c>Authorization</c>,
    /// <c>api-key</c>, <c>Proxy-Authorization</c> and <c>x-runflow-api-key</c>) are replaced by <see cref="RedactedValue"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Gets a value indicating whether the request carried a non-empty API key.</summary>
    public bool HasApiKey => ApiKeyHeaderName is not null;

    /// <summary>
    /// Gets the header the API key came in, <c>x-api-key</c> or <c>Authorization</c>, or <see langword="null"/> when
    /// the request carried no key.
    /// </summary>
    public string? ApiKeyHeaderName { get; }

    /// <summary>
    /// Gets the body as text (UTF-8); empty when the body was larger than
    /// <see cref="RunflowEmulatorOptions.MaxRequestBodySize"/> and refused with HTTP 413. A tenant-discovery body, which
    /// carries the key, is re-written with its key fields reading <see cref="RedactedValue"/> (or is that value alone when
    /// it is not a JSON object).
    /// </summary>
    public string Body { get; }

    /// <summary>Gets the body parsed as JSON, or <see langword="null"/> when it is not valid JSON.</summary>
    public JsonNode? Json { get; }

    /// <summary>
    /// Gets the status code the emulator answered with, or 0 while the answer is not decided or when the connection
    /// was aborted before any status was sent.
    /// </summary>
    public int StatusCode
    {
        get => Volatile.Read(ref _statusCode);
        internal set => Volatile.Write(ref _statusCode, value);
    }

    /// <summary>
    /// Gets the request id the emulator answered with in <c>x-request-id</c>: <c>req_</c> and the request's number since
    /// the emulator was created (<c>req_000001</c>), or the value a reply's <see cref="RunflowEmulatorReply.Headers"/> put
    /// in its place.
    /// </summary>
    public string RequestId { get; internal set; } = string.Empty;

    /// <summary>Gets the fault injected into the answer, if any.</summary>
    public RunflowEmulatorFault Fault { get; internal set; }
}
