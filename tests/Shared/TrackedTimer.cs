namespace Runflow.AI.Extensions.Testing;

/// <summary>A timer created on a <see cref="TimerTrackingTimeProvider"/>: its due time and whether it has fired.</summary>
internal sealed class TrackedTimer(TimeSpan dueTime)
{
    private readonly TaskCompletionSource _fired = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the due time the timer was created with.</summary>
    public TimeSpan DueTime { get; } = dueTime;

    /// <summary>Gets a value indicating whether the timer's callback has run.</summary>
    public bool HasFired => _fired.Task.IsCompleted;

    internal void MarkFired() => _fired.TrySetResult();
}
