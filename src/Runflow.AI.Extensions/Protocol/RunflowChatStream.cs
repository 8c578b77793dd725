using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Reads the body of a streamed chat answer as events.</summary>
internal static class RunflowChatStream
{
    /// <summary>
    /// Reads a stream body as events: every decoded piece of a <c>text/plain</c> body is text; a <c>text/event-stream</c>
    /// body is parsed into its events, up to <c>[DONE]</c>, each bounded by <see cref="RunflowClientOptions.MaxStreamEventSize"/>.
    /// </summary>
    /// <param name="transport">The transport the response came from.</param>
    /// <param name="response">A success response with its headers read.</param>
    /// <param name="timeout">The call's timer: from here on, the idle timeout of each read.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <exception cref="RunflowException">The stream broke, went idle, sent an event over the limit, or reported an error.</exception>
    public static async IAsyncEnumerable<RunflowStreamEvent> ReadAsync(
        RunflowTransport transport, HttpResponseMessage response, CancellationTokenSource timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = await transport.ReadStreamAsync(response, timeout, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = new RunflowTextStreamReader(new RunflowStreamBody(transport, stream, timeout, eventStatus: null));
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } piece)
            {
                yield return new RunflowStreamEvent(piece, null, null, IsDone: false);
            }

            yield break;
        }

        var body = new RunflowStreamBody(transport, stream, timeout, response.StatusCode);
        var events = SseParser.Create(body, (type, data) =>
        {
            body.EventRead(data.Length);
            return RunflowStreamEvent.Parse(type, data);
        });

        await foreach (var item in events.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            var streamEvent = item.Data;
            if (streamEvent.IsDone)
            {
                yield break;
            }

            if (streamEvent.Error is { } error)
            {
                throw RunflowErrors.StreamError(response, error, transport.Options.ApiKey!);
            }

            yield return streamEvent;
        }
    }
}
