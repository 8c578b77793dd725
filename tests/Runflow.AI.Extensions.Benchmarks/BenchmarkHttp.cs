using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>The one way every row talks HTTP: the same handler settings, and the raw floor's POST.</summary>
internal static class BenchmarkHttp
{
    private const int ReadSize = 4096;

    /// <summary>Creates a client over its own <see cref="SocketsHttpHandler"/>, configured the same for every row.</summary>
    /// <remarks><see cref="SocketsHttpHandler.MaxConnectionsPerServer"/> stays at its default (unlimited).</remarks>
    public static HttpClient CreateClient() => new(CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Creates a client whose connections pace the stub's streamed replies (see <see cref="StreamPacer"/>).</summary>
    public static HttpClient CreatePacedClient()
    {
        var handler = CreateHandler();
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                return new PacedConnectionStream(socket);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };

        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Creates the handler every networked row uses.</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    };

    /// <summary>Creates the floor's POST of bytes serialized in advance: the key and the content type, and with
    /// <paramref name="clientHeaders"/> the other headers the client sends.</summary>
    public static HttpRequestMessage CreateRequest(Uri uri, byte[] body, bool clientHeaders = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", clientHeaders ? "application/json; charset=utf-8" : "application/json");
        request.Headers.TryAddWithoutValidation("x-api-key", BenchmarkClients.ApiKey);
        if (clientHeaders)
        {
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            request.Headers.TryAddWithoutValidation("User-Agent", "Runflow.AI.Extensions/1.0.0");
        }

        return request;
    }

    /// <summary>The floor plus what any client with a timeout pays: a token source and its timer per call.</summary>
    public static async Task<int> PostWithTimeoutAsync(HttpMessageInvoker client, Uri uri, byte[] body)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        return await PostAsync(client, uri, body, copyTo: null, timeout.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// The floor: POSTs bytes serialized in advance and reads the reply to its end in 4 KB reads, parsing nothing.
    /// </summary>
    /// <param name="client">The client to send with: an <see cref="HttpClient"/>, or an invoker straight over a handler.</param>
    /// <param name="uri">Where to send.</param>
    /// <param name="body">The JSON body.</param>
    /// <param name="copyTo">Where to copy the reply, for the one-time check; <see langword="null"/> while measuring.</param>
    /// <param name="cancellationToken">The call's token.</param>
    /// <param name="clientHeaders">Whether to send the headers the client sends besides the key (<c>Accept</c>,
    /// <c>User-Agent</c>, the <c>charset</c> of the content type), for the load row <c>raw-headers</c>.</param>
    /// <returns>How many reply bytes arrived.</returns>
    public static async Task<int> PostAsync(HttpMessageInvoker client, Uri uri, byte[] body, Stream? copyTo = null, CancellationToken cancellationToken = default, bool clientHeaders = false)
    {
        using var request = CreateRequest(uri, body, clientHeaders);
        using var response = client is HttpClient httpClient
            ? await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false)
            : await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
            try
            {
                var total = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(0, ReadSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    copyTo?.Write(buffer, 0, read);
                }

                return total;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
