using System.Net;

namespace Runflow.AI.Extensions;

/// <summary>
/// The error a Runflow call ends with when Runflow answers with a failure status, sends a body that cannot be read,
/// or cannot be reached.
/// </summary>
/// <remarks>
/// <see cref="HttpRequestException.StatusCode"/> is the HTTP status, or <see langword="null"/> when no response arrived.
/// The message carries the server's own error text; it never contains the API key.
/// </remarks>
public class RunflowException : HttpRequestException
{
    /// <summary>Initializes a new instance of the <see cref="RunflowException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    public RunflowException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunflowException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public RunflowException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunflowException"/> class for a response Runflow sent.</summary>
    /// <param name="message">What went wrong, including the server's message.</param>
    /// <param name="statusCode">The HTTP status of the response.</param>
    /// <param name="serverMessage">The error text the server sent, if any.</param>
    /// <param name="retryAfter">How long the server asked the caller to wait before retrying, if it said.</param>
    /// <param name="requestId">The request id the server reported, if any.</param>
    /// <param name="responseBody">The response body, possibly truncated.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RunflowException(
        string message,
        HttpStatusCode? statusCode,
        string? serverMessage = null,
        TimeSpan? retryAfter = null,
        string? requestId = null,
        string? responseBody = null,
        Exception? innerException = null)
        : base(message, innerException, statusCode)
    {
        ServerMessage = serverMessage;
        RetryAfter = retryAfter;
        RequestId = requestId;
        ResponseBody = responseBody;
    }

    /// <summary>Gets the error text the server sent (from <c>error</c>, <c>message</c>, <c>error.message</c> or a text body).</summary>
    public string? ServerMessage { get; }

    /// <summary>Gets how long the server asked the caller to wait before retrying (the <c>Retry-After</c> header).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Gets the request id the server reported in a response header, for support requests.</summary>
    public string? RequestId { get; }

    /// <summary>Gets the response body, truncated to a few kilobytes.</summary>
    public string? ResponseBody { get; }
}
