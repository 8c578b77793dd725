using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>A logger factory that keeps every formatted log message, at every level.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => _messages.ToArray();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(_messages);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
