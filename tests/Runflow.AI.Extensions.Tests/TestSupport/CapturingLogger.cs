using Microsoft.Extensions.Logging;

namespace Runflow.AI.Extensions.Tests.TestSupport;

/// <summary>A logger that keeps every message at every level, exceptions included.</summary>
public sealed class CapturingLogger : ILogger
{
    public List<string> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add($"{logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
