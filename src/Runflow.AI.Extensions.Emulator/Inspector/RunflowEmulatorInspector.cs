using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// What the inspector page shows: the latest <see cref="Capacity"/> requests with their answers, kept apart from
/// <see cref="RunflowEmulator.Requests"/> (which the tool keeps none of), and a feed of each one as it arrives and as
/// its answer finishes.
/// </summary>
/// <param name="time">The clock of arrival times and durations.</param>
internal sealed class RunflowEmulatorInspector(TimeProvider time)
{
    /// <summary>How many requests the inspector keeps.</summary>
    public const int Capacity = 200;

    /// <summary>The feed's event of the whole list, sent first to every subscriber.</summary>
    public const string SnapshotEvent = "snapshot";

    /// <summary>The feed's event of one request that arrived or whose answer finished.</summary>
    public const string RequestEvent = "request";

    private readonly Lock _gate = new();
    private readonly List<RunflowEmulatorInspectorDetail> _details = [];
    private readonly List<ChannelWriter<string>> _subscribers = [];
    private long _lastId;

    /// <summary>Starts following a request that was just recorded, and shows it as under way.</summary>
    /// <param name="record">The recorded request.</param>
    /// <param name="secret">The API key it carried, if any.</param>
    /// <param name="length">The size of its body in bytes.</param>
    /// <returns>The entry to hand to the answer and then to <see cref="Complete"/>.</returns>
    public RunflowEmulatorInspectorEntry Begin(RunflowEmulatorRequest record, string? secret, long length)
    {
        var entry = new RunflowEmulatorInspectorEntry(Interlocked.Increment(ref _lastId), record, secret, time.GetTimestamp());
        DateTimeOffset arrived = time.GetUtcNow();
        var detail = new RunflowEmulatorInspectorDetail
        {
            Summary = Summarize(entry, arrived, done: false),
            Headers = record.Headers.ToDictionary(h => h.Key, h => RunflowEmulatorSecrets.Mask(h.Value, secret), StringComparer.OrdinalIgnoreCase),
            Request = RunflowEmulatorInspectorText.Show(record.Body, length, partial: false, record.Headers.GetValueOrDefault("Content-Type"), secret),
        };

        lock (_gate)
        {
            _details.Add(detail);
            if (_details.Count > Capacity)
            {
                _details.RemoveAt(0);
            }

            Publish(detail.Summary);
        }

        return entry;
    }

    /// <summary>Shows a request's answer as finished: sent, or its connection aborted.</summary>
    /// <param name="entry">The entry <see cref="Begin"/> returned.</param>
    public void Complete(RunflowEmulatorInspectorEntry entry)
    {
        RunflowEmulatorInspectorCapture answer = entry.Answer;
        RunflowEmulatorInspectorBody? shown = answer.Started
            ? RunflowEmulatorInspectorText.Show(answer.ReadText(), answer.Length, answer.IsPartial, answer.ContentType, entry.Secret)
            : null;

        lock (_gate)
        {
            int index = IndexOf(entry.Id);
            if (index < 0)
            {
                // Forgotten meanwhile: more than Capacity requests arrived while this one was answered.
                return;
            }

            RunflowEmulatorInspectorDetail before = _details[index];
            var detail = new RunflowEmulatorInspectorDetail
            {
                Summary = Summarize(entry, before.Summary.Time, done: true),
                Headers = before.Headers,
                Request = before.Request,
                Answer = shown,
            };
            _details[index] = detail;
            Publish(detail.Summary);
        }
    }

    /// <summary>Gets the rows of the requests kept, oldest first.</summary>
    /// <returns>The rows.</returns>
    public RunflowEmulatorInspectorSummary[] List()
    {
        lock (_gate)
        {
            return _details.Select(d => d.Summary).ToArray();
        }
    }

    /// <summary>Finds a request kept.</summary>
    /// <param name="id">The inspector's number of the request.</param>
    /// <returns>The request, or <see langword="null"/> when it was never seen or is forgotten.</returns>
    public RunflowEmulatorInspectorDetail? Find(long id)
    {
        lock (_gate)
        {
            int index = IndexOf(id);
            return index < 0 ? null : _details[index];
        }
    }

    /// <summary>
    /// Gets the feed: a <see cref="SnapshotEvent"/> with every row kept, then a <see cref="RequestEvent"/> for each
    /// request that arrives or finishes, until <paramref name="cancellationToken"/> ends it. A subscriber too slow to
    /// read loses the oldest events beyond <see cref="Capacity"/>, never the emulator's memory.
    /// </summary>
    /// <param name="cancellationToken">Ends the feed: the page went away or the emulator stops.</param>
    /// <returns>The events, each one JSON text.</returns>
    public async IAsyncEnumerable<SseItem<string>> EventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        string snapshot;
        lock (_gate)
        {
            // Subscribing and reading the list under one lock leaves no request between the two unseen.
            _subscribers.Add(channel.Writer);
            snapshot = JsonSerializer.Serialize(_details.Select(d => d.Summary).ToArray(), RunflowEmulatorJsonContext.Default.RunflowEmulatorInspectorSummaryArray);
        }

        try
        {
            yield return new SseItem<string>(snapshot, SnapshotEvent);
            while (await WaitAsync(channel.Reader, cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out string? row))
                {
                    yield return new SseItem<string>(row, RequestEvent);
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel.Writer);
            }
        }
    }

    // The end of the feed is the page leaving or the emulator stopping: either ends the stream cleanly, not with an error.
    private static async Task<bool> WaitAsync(ChannelReader<string> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private RunflowEmulatorInspectorSummary Summarize(RunflowEmulatorInspectorEntry entry, DateTimeOffset arrived, bool done)
    {
        RunflowEmulatorRequest record = entry.Record;
        return new RunflowEmulatorInspectorSummary
        {
            Id = entry.Id,
            Method = record.Method,
            Path = RunflowEmulatorSecrets.Mask(record.Path, entry.Secret),
            Status = record.StatusCode,
            Done = done,
            Reply = entry.Reply,
            Fault = record.Fault == RunflowEmulatorFault.None ? null : record.Fault.ToString(),
            Streaming = record.IsStreaming,
            RequestId = record.RequestId,
            Time = arrived,
            DurationMs = done ? Math.Round(time.GetElapsedTime(entry.Started).TotalMilliseconds, 1) : null,
        };
    }

    private int IndexOf(long id) => _details.FindIndex(d => d.Summary.Id == id);

    private void Publish(RunflowEmulatorInspectorSummary summary)
    {
        if (_subscribers.Count == 0)
        {
            return;
        }

        string row = JsonSerializer.Serialize(summary, RunflowEmulatorJsonContext.Default.RunflowEmulatorInspectorSummary);
        foreach (ChannelWriter<string> subscriber in _subscribers)
        {
            subscriber.TryWrite(row);
        }
    }
}
