using Microsoft.Extensions.Logging;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>The emulator's log messages. None of them carries an API key or a body.</summary>
internal static partial class RunflowEmulatorLog
{
    /// <summary>Logs one answered request.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The request path and its query string, with credential parameters redacted.</param>
    /// <param name="statusCode">The status sent, 0 when the connection was aborted before any.</param>
    /// <param name="fault">The injected fault.</param>
    [LoggerMessage(1, LogLevel.Information, "{Method} {Path} answered {StatusCode} (fault: {Fault})")]
    public static partial void Answered(ILogger logger, string method, string path, int statusCode, RunflowEmulatorFault fault);

    /// <summary>Logs a failure of the emulator itself, answered with HTTP 500.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="exception">The failure.</param>
    [LoggerMessage(2, LogLevel.Error, "The emulator failed to answer a request")]
    public static partial void Failed(ILogger logger, Exception exception);

    /// <summary>Logs that the emulator started.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="endpoint">The root URL.</param>
    [LoggerMessage(3, LogLevel.Information, "Runflow emulator listening on {Endpoint}")]
    public static partial void Started(ILogger logger, Uri endpoint);
}
