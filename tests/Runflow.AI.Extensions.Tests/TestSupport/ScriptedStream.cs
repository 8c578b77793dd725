namespace Runflow.AI.Extensions.Tests.TestSupport;

/// <summary>
/// A response body that hands out scripted chunks one read at a time, then ends, fails, or stalls until cancelled,
/// as a real connection can.
/// </summary>
public sealed class ScriptedStream : Stream
{
    private readonly Queue<byte[]> _chunks;
    private readonly Exception? _failWith;
    private readonly bool _stallAtEnd;

    public ScriptedStream(byte[] chunk, Exception? failWith = null, bool stallAtEnd = false)
        : this([chunk], failWith, stallAtEnd)
    {
    }

    public ScriptedStream(IEnumerable<byte[]> chunks, Exception? failWith = null, bool stallAtEnd = false)
    {
        _chunks = new Queue<byte[]>(chunks);
        _failWith = failWith;
        _stallAtEnd = stallAtEnd;
    }

    /// <summary>Gets how many reads the consumer has made.</summary>
    public int Reads { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Reads++;
        cancellationToken.ThrowIfCancellationRequested();
        if (_chunks.TryDequeue(out var chunk))
        {
            chunk.CopyTo(buffer);
            return chunk.Length;
        }

        if (_failWith is not null)
        {
            throw _failWith;
        }

        if (_stallAtEnd)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
