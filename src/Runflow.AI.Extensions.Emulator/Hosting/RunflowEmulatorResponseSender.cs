using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Sends a planned answer: status, the request id, headers, then the body piece by piece, with the delays, stalls and
/// dropped connections a reply scripts.
/// </summary>
/// <param name="options">The options, for the pause between streamed chunks.</param>
internal sealed class RunflowEmulatorResponseSender(RunflowEmulatorOptions options)
{
    private const string RequestIdHeader = "x-request-id";

    // Lets a dropped connection deliver the bytes flushed before it, so the client sees a body that breaks off: an abort
    // resets the connection, and a reset can discard bytes the client has not read yet, which a busy machine makes likely.
    private static readonly TimeSpan s_dropGrace = TimeSpan.FromSeconds(1);

    /// <summary>Sends an answer no reply scripts, such as an error of the emulator's own checks.</summary>
    /// <param name="context">The HTTP context, which carries the <see cref="RunflowEmulatorExchange"/>.</param>
    /// <param name="plan">The answer.</param>
    /// <returns>A task that completes when the answer is sent.</returns>
    public Task SendAsync(HttpContext context, RunflowEmulatorResponsePlan plan) => SendAsync(context, plan, null);

    /// <summary>Sends an answer.</summary>
    /// <param name="context">The HTTP context, which carries the <see cref="RunflowEmulatorExchange"/>.</param>
    /// <param name="plan">The answer.</param>
    /// <param name="reply">The queued reply or drawn fault it answers, if any.</param>
    /// <returns>A task that completes when the answer is sent or the connection aborted.</returns>
    public async Task SendAsync(HttpContext context, RunflowEmulatorResponsePlan plan, RunflowEmulatorReply? reply)
    {
        RunflowEmulatorExchange exchange = context.Features.GetRequiredFeature<RunflowEmulatorExchange>();
        RunflowEmulatorRequest record = exchange.Record;
        CancellationToken cancellationToken = exchange.Aborted;
        HttpResponse response = context.Response;
        response.StatusCode = plan.StatusCode;
        response.ContentType = plan.ContentType;
        response.Headers[RequestIdHeader] = record.RequestId;
        foreach ((string name, string value) in plan.Headers)
        {
            response.Headers[name] = value;
        }

        if (reply is not null)
        {
            foreach ((string name, string value) in reply.Headers)
            {
                response.Headers[name] = value;
            }

            record.RequestId = response.Headers[RequestIdHeader].ToString();
        }

        int length = plan.Length;
        if (!plan.IsStream)
        {
            response.ContentLength = length;
        }

        record.StatusCode = plan.StatusCode;
        RunflowEmulatorInspectorCapture? capture = exchange.Inspected?.Answer;
        if (capture is not null)
        {
            capture.ContentType = plan.ContentType;
            capture.Start();
        }

        RunflowEmulatorFault fault = reply?.Fault ?? RunflowEmulatorFault.None;
        bool breaksOff = fault is RunflowEmulatorFault.StalledStream or RunflowEmulatorFault.DroppedConnection;
        TimeSpan bodyDelay = reply?.BodyDelay ?? TimeSpan.Zero;
        if (bodyDelay > TimeSpan.Zero || length == 0 || breaksOff)
        {
            await response.StartAsync(cancellationToken).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        if (bodyDelay > TimeSpan.Zero)
        {
            await Task.Delay(bodyDelay, cancellationToken).ConfigureAwait(false);
        }

        int limit = breaksOff ? Math.Max(0, reply!.FaultAfterBytes ?? Math.Max(1, length / 2)) : int.MaxValue;
        int sent = 0;
        for (int i = 0; i < plan.Body.Count && sent < limit; i++)
        {
            sent += await WritePieceAsync(response, capture, plan.Body[i], limit - sent, i > 0 && plan.IsStream, cancellationToken).ConfigureAwait(false);
        }

        if (plan.Live is { } live)
        {
            try
            {
                await foreach (ReadOnlyMemory<byte> piece in live.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    if (sent >= limit)
                    {
                        break;
                    }

                    sent += await WritePieceAsync(response, capture, piece, limit - sent, sent > 0, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (RunflowEmulatorUpstreamException)
            {
                // The headers are gone: a stream that breaks off is how the client learns the answer failed.
                context.Abort();
                return;
            }
        }

        if (fault == RunflowEmulatorFault.StalledStream)
        {
            // Hold the connection open with nothing more to say; cancellation (client gone, emulator stopping) aborts it.
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
        else if (fault == RunflowEmulatorFault.DroppedConnection)
        {
            await Task.Delay(s_dropGrace, cancellationToken).ConfigureAwait(false);
            context.Abort();
        }
    }

    private async Task<int> WritePieceAsync(HttpResponse response, RunflowEmulatorInspectorCapture? capture, ReadOnlyMemory<byte> piece, int room, bool pauseFirst, CancellationToken cancellationToken)
    {
        if (pauseFirst && options.StreamChunkDelay > TimeSpan.Zero)
        {
            await Task.Delay(options.StreamChunkDelay, cancellationToken).ConfigureAwait(false);
        }

        piece = piece[..Math.Min(piece.Length, room)];
        await response.Body.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        capture?.Append(piece.Span);
        return piece.Length;
    }
}
