using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Builds the <see cref="RunflowException"/> for each way a call can fail.</summary>
internal static partial class RunflowErrors
{
    /// <summary>How much of a response body an exception keeps.</summary>
    public const int MaxBodyChars = 4096;

    private static readonly string[] RequestIdHeaders = ["x-request-id", "request-id", "x-runflow-request-id", "x-correlation-id"];

    /// <summary>Reads a failed response and describes it: status, server message, Retry-After, request id and body.</summary>
    public static async Task<RunflowException> FromResponseAsync(
        HttpResponseMessage response, string apiKey, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        string? body;
        try
        {
            body = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            // The status alone still tells the caller what happened.
            body = null;
        }

        body = Redact(body, apiKey);
        var serverMessage = Redact(ReadServerMessage(body), apiKey);
        var status = (int)response.StatusCode;
        var reason = Redact(response.ReasonPhrase, apiKey) ?? response.StatusCode.ToString();
        var message = status is >= 300 and < 400
            ? $"Runflow answered {status} ({reason}) with a redirect to {Redact(response.Headers.Location?.ToString(), apiKey) ?? "no Location"}, which is not followed: the key and the request go only to the configured endpoint."
            : serverMessage is null
                ? $"Runflow returned {status} ({reason}) with no error message."
                : $"Runflow returned {status} ({reason}): {serverMessage}";

        return new RunflowException(
            message,
            response.StatusCode,
            serverMessage,
            ReadRetryAfter(response, timeProvider),
            ReadRequestId(response, apiKey),
            body);
    }

    /// <summary>An answer that came from another origin than the one asked, because the HttpClient followed a redirect.</summary>
    public static RunflowException AnsweredElsewhere(Uri asked, Uri answered, string apiKey) =>
        new(
            $"The answer to {asked.GetLeftPart(UriPartial.Authority)} came from {Redact(answered.GetLeftPart(UriPartial.Authority), apiKey)} after a redirect and was not read. "
                + "Runflow clients never follow redirects; give the HttpClient a handler with AllowAutoRedirect = false.",
            statusCode: null);

    /// <summary>A response body larger than <see cref="RunflowClientOptions.MaxResponseBodySize"/>.</summary>
    public static RunflowException TooLarge(HttpResponseMessage response, long limit, string optionName) =>
        new(
            $"Runflow answered {(int)response.StatusCode} with a body larger than {limit} bytes ({optionName}); it was not read further.",
            response.StatusCode,
            requestId: ReadRequestId(response, apiKey: null));

    /// <summary>A server-sent event larger than <see cref="RunflowClientOptions.MaxStreamEventSize"/>.</summary>
    public static RunflowException EventTooLarge(HttpStatusCode status, int limit, string optionName) =>
        new(
            $"The Runflow stream sent an event larger than {limit} characters ({optionName}); it was not read further.",
            status);

    /// <summary>An error reported inside a stream (<c>event: error</c>, or an event whose data holds <c>error</c>).</summary>
    public static RunflowException StreamError(HttpResponseMessage response, string? serverMessage, string apiKey)
    {
        serverMessage = Redact(serverMessage, apiKey);
        return new RunflowException(
            $"The Runflow stream reported an error: {serverMessage ?? "no error message"}",
            response.StatusCode,
            serverMessage,
            requestId: ReadRequestId(response, apiKey));
    }

    /// <summary>A success status whose body reports failure (<c>{ "success": false, "error": … }</c>).</summary>
    public static RunflowException FromFailedEnvelope(
        HttpResponseMessage response, JsonElement? error, string? message, string apiKey, TimeProvider timeProvider)
    {
        var serverMessage = Redact(ErrorText(error) ?? message, apiKey);
        return new RunflowException(
            $"Runflow answered {(int)response.StatusCode} but reported a failure: {serverMessage ?? "no error message"}",
            response.StatusCode,
            serverMessage,
            ReadRetryAfter(response, timeProvider),
            ReadRequestId(response, apiKey));
    }

    /// <summary>A success status whose body could not be read as the expected response, which <paramref name="expected"/>
    /// names ("a chat response").</summary>
    public static RunflowException Unreadable(HttpResponseMessage response, Exception cause, ReadOnlySpan<byte> body, string apiKey, string expected)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "no content type";
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, MaxBodyChars)]);
        return new RunflowException(
            $"Runflow answered {(int)response.StatusCode} with a body that is not {expected} ({mediaType}): {cause.Message}",
            response.StatusCode,
            requestId: ReadRequestId(response, apiKey),
            responseBody: Redact(body.Length > MaxBodyChars ? text + "…" : text, apiKey),
            innerException: cause);
    }

    /// <summary>The connection failed or broke before a whole response arrived.</summary>
    public static RunflowException Transport(Uri endpoint, Exception cause) =>
        new(
            $"The call to Runflow at {endpoint.GetLeftPart(UriPartial.Authority)} failed: {cause.Message}",
            statusCode: null,
            innerException: cause);

    /// <summary>The call took longer than <see cref="RunflowClientOptions.NetworkTimeout"/> or the stream went idle;
    /// <paramref name="option"/> names the limit as its user set it (<see cref="RunflowClientOptions.OptionName"/>).</summary>
    public static RunflowException Timeout(string what, TimeSpan limit, string option) =>
        new(
            $"{what} took longer than {limit} ({option}).",
            statusCode: null,
            innerException: new TimeoutException($"{what} timed out after {limit}."));

    /// <summary>Reads the server's error text from a JSON body (<c>error</c>, <c>error.message</c>, <c>message</c>) or a text body.</summary>
    public static string? ReadServerMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        var trimmed = body.AsSpan().Trim();
        if (trimmed.Length > 0 && trimmed[0] is '{' or '[')
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    var root = document.RootElement;
                    return (root.TryGetProperty("error", out var error) ? ErrorText(error) : null)
                        ?? (root.TryGetProperty("message", out var message) ? ErrorText(message) : null)
                        ?? (root.TryGetProperty("detail", out var detail) ? ErrorText(detail) : null);
                }

                return null;
            }
            catch (JsonException)
            {
                // Not JSON after all: fall through to the text.
            }
        }

        var text = trimmed.Length > 500 ? string.Concat(trimmed[..500], "…") : trimmed.ToString();
        return text.StartsWith('<') ? null : text;
    }

    /// <summary>Reads an error text: a string, or an object's <c>message</c> string.</summary>
    public static string? ErrorText(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.String } text => RunflowJson.GetLenientString(text),
        { ValueKind: JsonValueKind.Object } error when error.TryGetProperty("message", out var message)
            && message.ValueKind == JsonValueKind.String => RunflowJson.GetLenientString(message),
        _ => null,
    };

    private static async Task<string?> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var encoding = Encoding.UTF8;
            using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1024);
            var buffer = new char[MaxBodyChars + 1];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await reader.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return read > MaxBodyChars ? new string(buffer, 0, MaxBodyChars) + "…" : new string(buffer, 0, read);
        }
    }

    private static TimeSpan? ReadRetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        if (response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        if (retryAfter.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>Reads the request id of any response, failed or not, from the first request-id header it has, redacted;
    /// its values joined by commas, leaving out any that holds a line break.</summary>
    /// <remarks>Reads the headers as they came (<see cref="HttpHeaders.NonValidated"/>), which costs no parsing and no
    /// allocation when, as on most answers, none of the names is there.</remarks>
    public static string? ReadRequestId(HttpResponseMessage response, string? apiKey)
    {
        // One pass over the headers that came, noting the first accepted name each one is; the earliest name wins.
        var best = RequestIdHeaders.Length;
        string? joined = null;
        foreach (var (header, values) in response.Headers.NonValidated)
        {
            var rank = 0;
            while (rank < best && !string.Equals(header, RequestIdHeaders[rank], StringComparison.OrdinalIgnoreCase))
            {
                rank++;
            }

            if (rank == best)
            {
                continue;
            }

            string? kept = null;
            foreach (var value in values)
            {
                if (!value.AsSpan().ContainsAny('\r', '\n'))
                {
                    kept = kept is null ? value : $"{kept},{value}";
                }
            }

            if (kept is not null)
            {
                (best, joined) = (rank, kept);
            }
        }

        return Redact(joined, apiKey);
    }

    /// <summary>
    /// Removes the API key from text a server sent, in every form a server may reflect it: as it is, in any letter
    /// case, JSON-escaped or percent-encoded. Text that still holds the key once decoded is withheld whole.
    /// </summary>
    public static string? Redact(string? text, string? apiKey)
    {
        if (string.IsNullOrEmpty(text) || string.IsNullOrEmpty(apiKey))
        {
            return text;
        }

        foreach (var form in (ReadOnlySpan<string>)[apiKey, JsonEncodedText.Encode(apiKey).ToString(), Uri.EscapeDataString(apiKey)])
        {
            if (text.Contains(form, StringComparison.OrdinalIgnoreCase))
            {
                text = text.Replace(form, "***", StringComparison.OrdinalIgnoreCase);
            }
        }

        return Decoded(text).Contains(apiKey, StringComparison.OrdinalIgnoreCase)
            ? "[withheld: the text held the API key in an encoded form]"
            : text;
    }

    /// <summary>The text with its JSON <c>\uXXXX</c> escapes and percent-encoding undone, for the redaction check.</summary>
    private static string Decoded(string text)
    {
        if (text.Contains("\\u", StringComparison.OrdinalIgnoreCase))
        {
            text = JsonUnicodeEscape().Replace(text, m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());
        }

        return text.Contains('%') ? Uri.UnescapeDataString(text) : text;
    }

    [GeneratedRegex(@"\\u([0-9a-fA-F]{4})", RegexOptions.CultureInvariant)]
    private static partial Regex JsonUnicodeEscape();
}
