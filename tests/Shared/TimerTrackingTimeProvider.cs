using Microsoft.Extensions.Time.Testing;

namespace Runflow.AI.Extensions.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells a test when a timer is scheduled, so the test advances the clock only
/// after the wait it means to cut short exists (advancing before it exists would skip nothing, and the wait would
/// then never end).
/// </summary>
internal sealed class TimerTrackingTimeProvider : FakeTimeProvider
{
    private readonly object _gate = new();
    private readonly List<TrackedTimer> _timers = [];
    private readonly List<(TimeSpan DueTime, TaskCompletionSource<TrackedTimer> Scheduled)> _waiters = [];

    /// <summary>Completes when a timer due after exactly <paramref name="dueTime"/> has been created (or already was).</summary>
    /// <param name="dueTime">The due time the awaited timer is created with.</param>
    /// <returns>The timer, which tells when it fires.</returns>
    public Task<TrackedTimer> WhenScheduledAsync(TimeSpan dueTime)
    {
        lock (_gate)
        {
            if (_timers.Find(t => t.DueTime == dueTime) is { } existing)
            {
                return Task.FromResult(existing);
            }

            var scheduled = new TaskCompletionSource<TrackedTimer>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((dueTime, scheduled));
            return scheduled.Task;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var tracked = new TrackedTimer(dueTime);
        ITimer timer = base.CreateTimer(
            s =>
            {
                tracked.MarkFired();
                callback(s);
            },
            state,
            dueTime,
            period);

        List<TaskCompletionSource<TrackedTimer>> ready;
        lock (_gate)
        {
            _timers.Add(tracked);
            ready = [.. _waiters.Where(w => w.DueTime == dueTime).Select(w => w.Scheduled)];
            _waiters.RemoveAll(w => w.DueTime == dueTime);
        }

        foreach (var scheduled in ready)
        {
            scheduled.TrySetResult(tracked);
        }

        return timer;
    }
}
