using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// Paces a streamed reply to its reader, one piece per socket read, the way a model's tokens arrive: the stub writes the
/// next piece only after the client's connection has received the previous one. Without it the 40 pieces reach the
/// client together and are read in one go, and a streaming row would not measure 40 chunks.
/// </summary>
/// <remarks>
/// One pacer per client connection, found by the client's port. Waiting and releasing allocate nothing, so the pacing
/// adds no bytes to any row; the stub's next write runs on the thread that released it.
/// </remarks>
internal sealed class StreamPacer : IValueTaskSource
{
    private static readonly ConcurrentDictionary<int, StreamPacer> ByClientPort = new();

    private readonly Lock _lock = new();
    private ManualResetValueTaskSourceCore<bool> _signal;
    private int _credits;
    private bool _waiting;

    /// <summary>Creates the pacer of the client connection bound to <paramref name="clientPort"/>.</summary>
    public static StreamPacer Register(int clientPort) => ByClientPort[clientPort] = new StreamPacer();

    /// <summary>Forgets the pacer of a closed connection.</summary>
    public static void Unregister(int clientPort) => ByClientPort.TryRemove(clientPort, out _);

    /// <summary>Finds the pacer of the connection a request came on; none for clients that are not paced.</summary>
    public static StreamPacer? Find(int clientPort) => ByClientPort.TryGetValue(clientPort, out var pacer) ? pacer : null;

    /// <summary>Forgets reads from before this reply began, such as the end of the previous reply on the same connection.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _credits = 0;
        }
    }

    /// <summary>Waits until the client has received something since the last wait.</summary>
    public ValueTask WaitAsync()
    {
        lock (_lock)
        {
            if (_credits > 0)
            {
                _credits--;
                return ValueTask.CompletedTask;
            }

            _signal.Reset();
            _waiting = true;
            return new ValueTask(this, _signal.Version);
        }
    }

    /// <summary>Notes that the client's connection received bytes.</summary>
    public void Release()
    {
        lock (_lock)
        {
            if (!_waiting)
            {
                _credits++;
                return;
            }

            _waiting = false;
        }

        _signal.SetResult(true);
    }

    void IValueTaskSource.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _signal.OnCompleted(continuation, state, token, flags);
}
