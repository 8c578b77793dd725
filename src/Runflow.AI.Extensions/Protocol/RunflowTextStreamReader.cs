using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// Reads a UTF-8 byte stream as text pieces as they arrive: a stateful decoder keeps a character split across reads
/// whole, nothing waits for line ends, and the buffers are pooled.
/// </summary>
internal sealed class RunflowTextStreamReader : IDisposable
{
    private const int BufferSize = 4096;

    private readonly Stream _stream;
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(BufferSize);
    private char[] _chars = ArrayPool<char>.Shared.Rent(BufferSize + 8);
    private bool _ended;

    public RunflowTextStreamReader(Stream stream) => _stream = stream;

    /// <summary>Reads the next piece of text.</summary>
    /// <returns>The text decoded from the next read, possibly empty while a character is incomplete; <see langword="null"/> at the end.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<string?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return null;
        }

        var read = await _stream.ReadAsync(_bytes.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false);
        var flush = read == 0;
        _ended = flush;
        var count = _decoder.GetChars(_bytes, 0, read, _chars, 0, flush);
        if (count == 0)
        {
            return flush ? null : string.Empty;
        }

        return new string(_chars, 0, count);
    }

    public void Dispose()
    {
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            ArrayPool<char>.Shared.Return(_chars);
            _bytes = [];
            _chars = [];
        }
    }
}
