namespace Runflow.AI.Extensions.Emulator;

/// <summary>A failure the emulator can inject into one answer, queued or drawn at random.</summary>
public enum RunflowEmulatorFault
{
    /// <summary>No fault: the request is answered normally.</summary>
    None,

    /// <summary>HTTP 429 with a <c>Retry-After</c> header in seconds and a <c>{ "success": false, "error" }</c> body.</summary>
    TooManyRequests,

    /// <summary>HTTP 500 with a <c>{ "success": false, "error" }</c> body.</summary>
    InternalServerError,

    /// <summary>HTTP 503 with a <c>{ "success": false, "error" }</c> body.</summary>
    ServiceUnavailable,

    /// <summary>HTTP 200, <c>application/json</c>, and a body that is cut in the middle of the JSON.</summary>
    MalformedJson,

    /// <summary>The normal answer, after a pause before the headers (see <see cref="RunflowEmulatorOptions.SlowFirstByteDelay"/>).</summary>
    SlowFirstByte,

    /// <summary>
    /// Headers and the first part of the body are sent, then nothing more and the connection stays open, until the
    /// client gives up or the emulator stops; the connection is then aborted, never ended cleanly.
    /// </summary>
    StalledStream,

    /// <summary>Headers and the first part of the body are sent, then the connection is aborted.</summary>
    DroppedConnection,

    /// <summary>The connection is aborted before any byte of the response is sent.</summary>
    CloseBeforeHeaders,
}
