using Microsoft.Extensions.Logging;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// The logger factory the web server gets: the user's, with ASP.NET Core's own categories held at Warning and above.
/// Below Warning they print the request line with its query (<c>?api_key=…</c>) and, when a header line is refused,
/// the raw line, key included; and Kestrel puts the raw line into its errors only when its Information level is on.
/// </summary>
/// <param name="inner">The user's factory, which stays the user's to dispose.</param>
internal sealed class RunflowEmulatorHostLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private const string HeldCategories = "Microsoft.AspNetCore";

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName)
    {
        ILogger logger = inner.CreateLogger(categoryName);
        return categoryName.StartsWith(HeldCategories, StringComparison.Ordinal) ? new WarningAndAbove(logger) : logger;
    }

    /// <inheritdoc/>
    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>Does nothing: the factory wrapped belongs to the user.</summary>
    public void Dispose()
    {
    }

    private sealed class WarningAndAbove(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
