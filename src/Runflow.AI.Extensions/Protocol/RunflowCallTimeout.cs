namespace Runflow.AI.Extensions.Protocol;

/// <summary>The timer of one call, linked to the caller's token: a source of the call's own, disposed with it, or a
/// window's shared source (see <see cref="RunflowSharedTimeout"/>), which is left alone.</summary>
internal readonly struct RunflowCallTimeout : IDisposable
{
    private readonly bool _owned;

    /// <summary>Initializes a new instance of the <see cref="RunflowCallTimeout"/> struct.</summary>
    /// <param name="source">The source the call's work is cancelled by.</param>
    /// <param name="owned">Whether the call disposes it.</param>
    public RunflowCallTimeout(CancellationTokenSource source, bool owned)
    {
        Source = source;
        _owned = owned;
    }

    /// <summary>Gets the source the call's work is cancelled by; cancelled when the caller cancels or time is up.</summary>
    public CancellationTokenSource Source { get; }

    public void Dispose()
    {
        if (_owned)
        {
            Source.Dispose();
        }
    }
}
