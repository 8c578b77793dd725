using System.Buffers;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>An <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="ArrayPool{T}.Shared"/>, so request bodies reuse memory.</summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int MaxPooledSize = 1024 * 1024;

    private byte[] _buffer;
    private int _written;

    public PooledBufferWriter(int initialCapacity = 2048) => _buffer = Rent(initialCapacity);

    /// <summary>Gets the number of bytes written so far.</summary>
    public int WrittenCount => _written;

    /// <summary>Gets the bytes written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Grow(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Grow(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        Return(buffer);
    }

    private void Grow(int sizeHint)
    {
        var needed = (long)_written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        // Doubling, in long arithmetic so a buffer near 1 GiB cannot overflow into tiny steps; callers bound the size.
        var size = (int)Math.Min(Math.Max(needed, 2L * _buffer.Length), Array.MaxLength);
        if (size < needed)
        {
            throw new OutOfMemoryException($"A buffer of {needed} bytes is larger than an array can be.");
        }

        var larger = Rent(size);
        _buffer.AsSpan(0, _written).CopyTo(larger);
        Return(_buffer);
        _buffer = larger;
    }

    // Large buffers are allocated, not rented, so a one-off large body does not stay held by the shared pool.
    private static byte[] Rent(int size) =>
        size <= MaxPooledSize ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);

    private static void Return(byte[] buffer)
    {
        if (buffer.Length is > 0 and <= MaxPooledSize)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
