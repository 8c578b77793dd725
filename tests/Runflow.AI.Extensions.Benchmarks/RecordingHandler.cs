namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>Keeps a copy of every request body, then sends the request on; used once, before measuring.</summary>
internal sealed class RecordingHandler : DelegatingHandler
{
    private readonly List<byte[]> _bodies = [];

    public RecordingHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <summary>Gets the bodies sent so far, in order.</summary>
    public IReadOnlyList<byte[]> Bodies => _bodies;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            _bodies.Add(await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
