using System.Net;
using System.Runtime.CompilerServices;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// A streamed chat body as its reader sees it: each read waits at most <see cref="RunflowClientOptions.StreamIdleTimeout"/>
/// (the timer never runs while the caller is busy), and its failures become <see cref="RunflowException"/>s.
/// </summary>
/// <remarks>
/// For <c>text/event-stream</c> (<paramref name="eventStatus"/> given) it also does what <c>SseParser</c> does not: it
/// refuses to read on once more than <see cref="RunflowClientOptions.MaxStreamEventSize"/> bytes have come since the last
/// event, so an endless line cannot take the caller's memory, and it ends the body with a blank line, so an event cut
/// off by the end of the stream still counts.
/// </remarks>
internal sealed class RunflowStreamBody(RunflowTransport transport, Stream body, CancellationTokenSource timeout, HttpStatusCode? eventStatus) : Stream
{
    private long _sinceEvent;
    private int _blankLineLeft = eventStatus is null ? 0 : 2;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Counts an event the parser produced: it must be within the limit, and the count starts again.</summary>
    public void EventRead(int size)
    {
        if (size > transport.Options.MaxStreamEventSize)
        {
            throw TooLarge();
        }

        _sinceEvent = 0;
    }

    /// <remarks>Called once per read, so its state machine is pooled rather than allocated each time.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (eventStatus is not null && _sinceEvent > transport.Options.MaxStreamEventSize)
        {
            throw TooLarge();
        }

        var idle = transport.Options.StreamIdleTimeout;
        if (idle != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(idle);
        }

        int read;
        try
        {
            read = await body.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (transport.TranslateStreamFailure(ex, timeout, cancellationToken) is { } failure)
        {
            throw failure;
        }
        finally
        {
            if (idle != Timeout.InfiniteTimeSpan && !timeout.IsCancellationRequested)
            {
                timeout.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }

        _sinceEvent += read;
        if (read == 0 && _blankLineLeft > 0 && !buffer.IsEmpty)
        {
            _blankLineLeft--;
            buffer.Span[0] = (byte)'\n';
            return 1;
        }

        return read;
    }

    // Both readers of this body read asynchronously; nothing here blocks a thread.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private RunflowException TooLarge() =>
        RunflowErrors.EventTooLarge(
            eventStatus!.Value, transport.Options.MaxStreamEventSize, transport.Options.OptionName(nameof(RunflowClientOptions.MaxStreamEventSize)));
}
