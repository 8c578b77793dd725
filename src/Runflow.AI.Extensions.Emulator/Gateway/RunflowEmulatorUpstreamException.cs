namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Why gateway mode could not answer a request: the upstream failed, or the request holds something Chat Completions
/// cannot carry. The emulator answers it with <see cref="StatusCode"/> and its message in its JSON error body.
/// </summary>
internal sealed class RunflowEmulatorUpstreamException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RunflowEmulatorUpstreamException"/> class.</summary>
    /// <param name="statusCode">The HTTP status the emulator answers.</param>
    /// <param name="message">The message; it never holds the upstream key.</param>
    /// <param name="retryAfter">The upstream's <c>Retry-After</c>, passed on with a 429 or 503.</param>
    /// <param name="innerException">The failure behind it, if any.</param>
    public RunflowEmulatorUpstreamException(int statusCode, string message, string? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the HTTP status the emulator answers.</summary>
    public int StatusCode { get; }

    /// <summary>Gets the upstream's <c>Retry-After</c> value, if it sent one with a 429 or 503.</summary>
    public string? RetryAfter { get; }
}
