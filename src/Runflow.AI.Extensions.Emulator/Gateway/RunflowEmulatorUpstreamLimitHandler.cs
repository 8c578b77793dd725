using System.Globalization;
using System.Net.Http.Headers;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Bounds what gateway mode reads from the upstream: an answer whose body is larger than the limit fails with a
/// <see cref="RunflowEmulatorUpstreamException"/> (HTTP 502) as soon as that is known, from its <c>Content-Length</c>
/// or while it is read, so a runaway server cannot fill the emulator's memory.
/// </summary>
/// <param name="maxResponseBytes">The largest body, in bytes.</param>
/// <param name="innerHandler">The handler that sends the requests.</param>
internal sealed class RunflowEmulatorUpstreamLimitHandler(long maxResponseBytes, HttpMessageHandler innerHandler) : DelegatingHandler(innerHandler)
{
    /// <summary>The largest upstream body gateway mode reads: the limit the Runflow client puts on a JSON answer.</summary>
    public const long DefaultMaxResponseBytes = 64 * 1024 * 1024;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > maxResponseBytes)
        {
            response.Dispose();
            throw TooLarge(maxResponseBytes);
        }

        HttpContentHeaders headers = response.Content.Headers;
        var bounded = new StreamContent(new RunflowEmulatorLimitedReadStream(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), maxResponseBytes));
        foreach (KeyValuePair<string, IEnumerable<string>> header in headers)
        {
            bounded.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = bounded;
        return response;
    }

    /// <summary>Creates the failure of an upstream body over the limit.</summary>
    /// <param name="maxResponseBytes">The limit.</param>
    /// <returns>The failure, HTTP 502.</returns>
    public static RunflowEmulatorUpstreamException TooLarge(long maxResponseBytes) =>
        new(502, string.Create(CultureInfo.InvariantCulture, $"The upstream's answer is larger than the {maxResponseBytes} bytes the emulator reads."));
}
