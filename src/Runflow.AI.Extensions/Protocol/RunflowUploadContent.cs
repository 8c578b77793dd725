using System.Buffers;
using System.Net;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// The bytes of a file being uploaded, read from the caller's stream each time the request is sent, so a retry handler
/// can send them again, with a known length. The caller's stream stays the caller's: it is never disposed here.
/// </summary>
internal sealed class RunflowUploadContent : HttpContent
{
    private const int CopySize = 81_920;

    private readonly Stream _stream;
    private readonly long _start;
    private readonly bool _ownsStream;

    private RunflowUploadContent(Stream stream, long start, long length, bool ownsStream)
    {
        _stream = stream;
        _start = start;
        Length = length;
        _ownsStream = ownsStream;
    }

    /// <summary>Gets the number of bytes the file has.</summary>
    public long Length { get; }

    /// <summary>
    /// Wraps a seekable stream from its current position to its end; copies any other stream into memory first, since
    /// only then is its length known and can it be sent twice.
    /// </summary>
    /// <exception cref="ArgumentException">The stream cannot be read.</exception>
    public static async Task<RunflowUploadContent> CreateAsync(Stream content, CancellationToken cancellationToken)
    {
        if (!content.CanRead)
        {
            throw new ArgumentException("The file's stream cannot be read.", nameof(content));
        }

        if (content.CanSeek)
        {
            return new RunflowUploadContent(content, content.Position, Math.Max(0, content.Length - content.Position), ownsStream: false);
        }

        var buffer = new MemoryStream();
        try
        {
            await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await buffer.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new RunflowUploadContent(buffer, 0, buffer.Length, ownsStream: true);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.Position = _start;
        var buffer = ArrayPool<byte>.Shared.Rent(CopySize);
        try
        {
            for (var left = Length; left > 0;)
            {
                var read = await _stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    // Sending fewer bytes than the Content-Length announced would leave the server waiting for the rest.
                    throw new IOException($"The file's stream ended {left} bytes short of the length it had when the upload began.");
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = Length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsStream)
        {
            _stream.Dispose();
        }

        base.Dispose(disposing);
    }
}
