using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>A logger that appends each formatted message, with its exception, to a shared queue.</summary>
internal sealed class CapturingLogger(ConcurrentQueue<string> messages) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        messages.Enqueue(exception is null ? formatter(state, exception) : $"{formatter(state, exception)} {exception}");
}
