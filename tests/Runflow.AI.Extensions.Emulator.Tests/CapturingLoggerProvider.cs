using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>Keeps every formatted log message of every category, with its exception text.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly object _gate = new();
    private readonly List<string> _messages = [];
    private readonly List<(string Fragment, TaskCompletionSource Logged)> _waiters = [];

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    /// <summary>Completes when a message containing <paramref name="fragment"/> has been logged (or already was);
    /// fails after <see cref="TestBounds.Event"/>.</summary>
    public Task WhenLoggedAsync(string fragment)
    {
        lock (_gate)
        {
            if (_messages.Exists(m => m.Contains(fragment, StringComparison.Ordinal)))
            {
                return Task.CompletedTask;
            }

            var logged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((fragment, logged));
            return WithinBoundAsync(logged.Task, fragment);
        }
    }

    private static async Task WithinBoundAsync(Task logged, string fragment)
    {
        try
        {
            await logged.WaitAsync(TestBounds.Event);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Nothing containing \"{fragment}\" was logged within {TestBounds.Event.TotalSeconds} s.", ex);
        }
    }

    public void Dispose()
    {
    }

    private void Add(string message)
    {
        List<TaskCompletionSource> ready;
        lock (_gate)
        {
            _messages.Add(message);
            ready = [.. _waiters.Where(w => message.Contains(w.Fragment, StringComparison.Ordinal)).Select(w => w.Logged)];
            _waiters.RemoveAll(w => message.Contains(w.Fragment, StringComparison.Ordinal));
        }

        foreach (var logged in ready)
        {
            logged.TrySetResult();
        }
    }

    private sealed class Logger(string category, CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add($"{category}: {formatter(state, exception)} {exception}");
    }
}
