using System.Net;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// Answers every request with one canned JSON body without touching the network. It writes each request body out
/// (to nowhere), so a client that serializes lazily, while sending, pays for it as it would on the wire.
/// </summary>
internal sealed class NoNetworkHandler : HttpMessageHandler
{
    private readonly byte[] _reply;

    public NoNetworkHandler(byte[] reply) => _reply = reply;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(_reply), RequestMessage = request };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return response;
    }
}
