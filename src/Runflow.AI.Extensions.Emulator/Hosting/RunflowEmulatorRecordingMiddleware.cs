using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Reads and records every request before anything answers it: its body (bounded by
/// <see cref="RunflowEmulatorOptions.MaxRequestBodySize"/>, else HTTP 413), its headers with credentials redacted, its
/// request id and the key it carries; then logs the answer, and turns a client that gave up into an aborted connection.
/// </summary>
/// <param name="owner">The emulator, which keeps the recordings and numbers the requests.</param>
/// <param name="options">The options.</param>
/// <param name="sender">Sends the 413 answer.</param>
/// <param name="stopping">Cancelled when the emulator stops, to end stalled and delayed answers.</param>
/// <param name="logger">The request log.</param>
/// <param name="inspector">The inspector, which follows every request, or <see langword="null"/> when it is off.</param>
internal sealed class RunflowEmulatorRecordingMiddleware(
    RunflowEmulator owner, RunflowEmulatorOptions options, RunflowEmulatorResponseSender sender, CancellationToken stopping, ILogger logger, RunflowEmulatorInspector? inspector)
{
    /// <summary>Records one request and runs the rest of the pipeline with it.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="next">The checks and the endpoints.</param>
    /// <returns>A task that completes when the answer is sent or the connection aborted.</returns>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        HttpRequest http = context.Request;
        string path = http.Path.Value ?? "/";
        RunflowEmulatorEndpoint endpoint = context.GetEndpoint()?.Metadata.OfType<RunflowEmulatorEndpoint>().FirstOrDefault() ?? RunflowEmulatorEndpoint.None;

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        CancellationToken cancellationToken = cancellation.Token;
        RunflowEmulatorRequest? record = null;
        RunflowEmulatorInspectorEntry? inspected = null;
        try
        {
            byte[]? bytes = await ReadBodyAsync(http, cancellationToken).ConfigureAwait(false);
            bool tooLarge = bytes is null;
            bytes ??= [];
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8);
            string body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);

            (Dictionary<string, string> headers, string? keyHeader, string? key) = ReadHeaders(http);
            JsonNode? json = tooLarge ? null : TryParseJson(body);
            string? bodyError = null;
            if (endpoint == RunflowEmulatorEndpoint.Discover && !tooLarge)
            {
                // Discovery authenticates with the key in its body, which is then recorded without it.
                bodyError = RunflowEmulatorDiscovery.ReadKey(json, out key);
                (body, json) = RunflowEmulatorDiscovery.Redact(body, json, key);
            }

            record = new RunflowEmulatorRequest(http.Method, path, headers, keyHeader, body, json)
            {
                IsStreaming = endpoint == RunflowEmulatorEndpoint.Stream,
                IsEmbeddings = endpoint == RunflowEmulatorEndpoint.Embeddings,
                RequestId = owner.NextRequestId(),
            };
            owner.Record(record);
            inspected = inspector?.Begin(record, key, bytes.Length);
            context.Features.Set(new RunflowEmulatorExchange
            {
                Inspected = inspected,
                Endpoint = endpoint,
                Record = record,
                Bytes = bytes,
                ApiKey = key,
                BodyError = bodyError,
                Aborted = cancellationToken,
            });

            if (tooLarge)
            {
                string limit = options.MaxRequestBodySize.ToString(CultureInfo.InvariantCulture);
                await sender.SendAsync(context, RunflowEmulatorResponsePlan.Error(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes, the most the emulator accepts.")).ConfigureAwait(false);
            }
            else
            {
                await next(context).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client gave up or the emulator is stopping: end the connection, never with a clean end of body.
            context.Abort();
        }
        catch (IOException)
        {
            context.Abort();
        }
        finally
        {
            if (inspected is not null)
            {
                inspector!.Complete(inspected);
            }
        }

        if (record is not null)
        {
            RunflowEmulatorLog.Answered(logger, record.Method, record.Path + RunflowEmulatorSecrets.RedactQuery(http.QueryString.Value), record.StatusCode, record.Fault);
        }
    }

    /// <summary>Reads the body, or returns <see langword="null"/> when it is larger than the bound.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        // Kestrel refuses a body over the same bound on its own (and then closes the connection cleanly); the count here
        // holds the bound for the in-process server, which has none.
        long limit = options.MaxRequestBodySize;
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await http.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    private static (Dictionary<string, string> Headers, string? KeyHeader, string? Key) ReadHeaders(HttpRequest http)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, StringValues values) in http.Headers)
        {
            headers[name] = RunflowEmulatorSecrets.IsSecretHeader(name) ? RunflowEmulatorRequest.RedactedValue : string.Join(", ", values.ToArray());
        }

        string? apiKey = http.Headers["x-api-key"].FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
        if (apiKey is not null)
        {
            return (headers, "x-api-key", apiKey);
        }

        string? authorization = http.Headers.Authorization.FirstOrDefault(v => v is not null && v.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase));
        string? bearer = authorization?["Bearer ".Length..].Trim();
        return string.IsNullOrEmpty(bearer) ? (headers, null, null) : (headers, "Authorization", bearer);
    }

    private static JsonNode? TryParseJson(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
