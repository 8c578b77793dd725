using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Answers every HTTP request the emulator receives: routing, API-key and tenant checks, recording, faults, the models
/// and the file store.
/// </summary>
internal sealed class RunflowEmulatorRequestHandler
{
    private const string JsonContentType = "application/json; charset=utf-8";
    private const string TextContentType = "text/plain; charset=utf-8";
    private const string TenantHeader = "x-runflow-tenant-id";
    private const string RequestIdHeader = "x-request-id";

    // Lets a dropped connection deliver the bytes flushed before it, so the client sees a body that breaks off: an abort
    // resets the connection, and a reset can discard bytes the client has not read yet, which a busy machine makes likely.
    private static readonly TimeSpan s_dropGrace = TimeSpan.FromSeconds(1);

    private readonly RunflowEmulator _owner;
    private readonly RunflowEmulatorOptions _options;
    private readonly string[] _apiKeys;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="RunflowEmulatorRequestHandler"/> class.</summary>
    /// <param name="owner">The emulator, which holds the reply queue and the recordings.</param>
    /// <param name="options">The options.</param>
    /// <param name="stopping">Cancelled when the emulator stops, to end stalled and delayed answers.</param>
    /// <param name="logger">The logger.</param>
    public RunflowEmulatorRequestHandler(RunflowEmulator owner, RunflowEmulatorOptions options, CancellationToken stopping, ILogger logger)
    {
        _owner = owner;
        _options = options;
        _apiKeys = options.ApiKeys.ToArray();
        _stopping = stopping;
        _logger = logger;
    }

    /// <summary>Answers one request.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>A task that completes when the answer is sent or the connection aborted.</returns>
    public async Task HandleAsync(HttpContext context)
    {
        HttpRequest http = context.Request;
        string path = http.Path.Value ?? "/";
        RunflowEmulatorEndpoint endpoint = Route(path);

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        CancellationToken cancellationToken = cancellation.Token;
        RunflowEmulatorRequest? record = null;
        try
        {
            string body;
            byte[] bytes;
            bool tooLarge = false;
            try
            {
                // The bytes are kept for the file-upload endpoint, whose multipart body is not text.
                using var buffer = new MemoryStream();
                await http.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                bytes = buffer.ToArray();
                using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8);
                body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // The web server stops at MaxRequestBodySize, before or while reading; the part read is dropped, not kept.
                body = string.Empty;
                bytes = [];
                tooLarge = true;
            }

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
                RequestId = _owner.NextRequestId(),
            };
            _owner.Record(record);

            if (tooLarge)
            {
                string limit = _options.MaxRequestBodySize.ToString(CultureInfo.InvariantCulture);
                await SendAsync(context, record, Error(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes, the most the emulator accepts."), null, cancellationToken).ConfigureAwait(false);
            }
            else if (endpoint == RunflowEmulatorEndpoint.None)
            {
                await SendAsync(context, record, Error(StatusCodes.Status404NotFound, $"No endpoint at {path}."), null, cancellationToken).ConfigureAwait(false);
            }
            else if (!HttpMethods.IsPost(http.Method))
            {
                context.Response.Headers.Allow = "POST";
                await SendAsync(context, record, Error(StatusCodes.Status405MethodNotAllowed, "Only POST is allowed."), null, cancellationToken).ConfigureAwait(false);
            }
            else if (bodyError is not null)
            {
                await SendAsync(context, record, Error(StatusCodes.Status400BadRequest, bodyError), null, cancellationToken).ConfigureAwait(false);
            }
            else if (key is null)
            {
                string where = endpoint == RunflowEmulatorEndpoint.Discover ? "as a non-blank apiKey in the body" : "in the x-api-key header or as Authorization: Bearer <key>";
                await SendAsync(context, record, Error(StatusCodes.Status401Unauthorized, $"Missing API key: send it {where}."), null, cancellationToken).ConfigureAwait(false);
            }
            else if (_apiKeys.Length > 0 && !_apiKeys.Contains(key, StringComparer.Ordinal))
            {
                await SendAsync(context, record, Error(StatusCodes.Status401Unauthorized, "Invalid API key."), null, cancellationToken).ConfigureAwait(false);
            }
            else if (endpoint == RunflowEmulatorEndpoint.Embeddings && _options.RequireTenantForEmbeddings &&
                !http.Headers[TenantHeader].Any(v => !string.IsNullOrWhiteSpace(v)))
            {
                await SendAsync(context, record, Error(StatusCodes.Status400BadRequest, $"{TenantHeader} header is required for embeddings."), null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                RunflowEmulatorReply? reply = _owner.TakeReply();
                record.Fault = reply?.Fault ?? RunflowEmulatorFault.None;
                await AnswerAsync(context, record, reply, endpoint, key, bytes, cancellationToken).ConfigureAwait(false);
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

        if (record is not null)
        {
            RunflowEmulatorLog.Answered(_logger, record.Method, record.Path + RunflowEmulatorSecrets.RedactQuery(http.QueryString.Value), record.StatusCode, record.Fault);
        }
    }

    private RunflowEmulatorEndpoint Route(string path)
    {
        string relative = path.Trim('/');
        return IsAt(_options.ChatPath) ? RunflowEmulatorEndpoint.Chat
            : IsAt(_options.StreamPath) ? RunflowEmulatorEndpoint.Stream
            : IsAt(_options.EmbeddingsPath) ? RunflowEmulatorEndpoint.Embeddings
            : IsAt(_options.DiscoverPath) ? RunflowEmulatorEndpoint.Discover
            : IsAt(_options.FilesPath) ? RunflowEmulatorEndpoint.Files
            : IsAt(_options.ImagesPath) ? RunflowEmulatorEndpoint.Images
            : RunflowEmulatorEndpoint.None;

        bool IsAt(string configured) => string.Equals(relative, configured.Trim('/'), StringComparison.OrdinalIgnoreCase);
    }

    private async Task AnswerAsync(
        HttpContext context, RunflowEmulatorRequest record, RunflowEmulatorReply? reply, RunflowEmulatorEndpoint endpoint, string apiKey, byte[] bytes, CancellationToken cancellationToken)
    {
        RunflowEmulatorFault fault = reply?.Fault ?? RunflowEmulatorFault.None;
        TimeSpan headersDelay = reply?.HeadersDelay ?? TimeSpan.Zero;
        if (fault == RunflowEmulatorFault.SlowFirstByte && headersDelay <= TimeSpan.Zero)
        {
            headersDelay = _options.SlowFirstByteDelay;
        }

        if (headersDelay > TimeSpan.Zero)
        {
            await Task.Delay(headersDelay, cancellationToken).ConfigureAwait(false);
        }

        if (fault == RunflowEmulatorFault.CloseBeforeHeaders)
        {
            context.Abort();
            return;
        }

        RunflowEmulatorResponsePlan plan;
        try
        {
            // A malformed-JSON fault on the streaming endpoint cuts the JSON answer, not the plain text.
            plan = Plan(record, reply, endpoint == RunflowEmulatorEndpoint.Stream && fault == RunflowEmulatorFault.MalformedJson ? RunflowEmulatorEndpoint.Chat : endpoint, apiKey, bytes);
        }
        catch (RunflowEmulatorSchemaLimitException ex)
        {
            plan = Error(StatusCodes.Status400BadRequest, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RunflowEmulatorLog.Failed(_logger, ex);
            plan = Error(StatusCodes.Status500InternalServerError, $"The emulator failed to answer: {ex.Message}");
        }

        if (fault == RunflowEmulatorFault.MalformedJson)
        {
            ReadOnlyMemory<byte> whole = plan.Body.Count == 1 ? plan.Body[0] : plan.Body.SelectMany(b => b.ToArray()).ToArray();
            plan = new RunflowEmulatorResponsePlan
            {
                StatusCode = StatusCodes.Status200OK,
                ContentType = JsonContentType,
                Body = [whole[..Math.Max(1, whole.Length / 2)]],
            };
        }

        await SendAsync(context, record, plan, reply, cancellationToken).ConfigureAwait(false);
    }

    private RunflowEmulatorResponsePlan Plan(RunflowEmulatorRequest record, RunflowEmulatorReply? reply, RunflowEmulatorEndpoint endpoint, string apiKey, byte[] bytes)
    {
        switch (reply?.Fault)
        {
            case RunflowEmulatorFault.TooManyRequests:
                long seconds = (long)Math.Ceiling(Math.Max(0, (reply.RetryAfter ?? _options.RetryAfter).TotalSeconds));
                string retryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new RunflowEmulatorResponsePlan
                {
                    StatusCode = StatusCodes.Status429TooManyRequests,
                    ContentType = JsonContentType,
                    Body = [RunflowEmulatorResponseWriter.WriteError($"Rate limit exceeded; retry after {retryAfter} seconds.")],
                    Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfter },
                };
            case RunflowEmulatorFault.InternalServerError:
                return Error(StatusCodes.Status500InternalServerError, "Internal server error.");
            case RunflowEmulatorFault.ServiceUnavailable:
                return Error(StatusCodes.Status503ServiceUnavailable, "Service unavailable.");
        }

        if (reply?.RawBody is byte[] raw)
        {
            return new RunflowEmulatorResponsePlan
            {
                StatusCode = reply.StatusCode,
                ContentType = reply.ContentType ?? JsonContentType,
                Body = [raw],
            };
        }

        if (reply is not null && reply.StatusCode != StatusCodes.Status200OK)
        {
            return Error(reply.StatusCode, reply.Error ?? $"HTTP {reply.StatusCode.ToString(CultureInfo.InvariantCulture)} from the emulator.");
        }

        if (endpoint == RunflowEmulatorEndpoint.Embeddings)
        {
            return PlanEmbeddings(record, reply);
        }

        if (endpoint == RunflowEmulatorEndpoint.Discover)
        {
            return new RunflowEmulatorResponsePlan
            {
                StatusCode = StatusCodes.Status200OK,
                ContentType = JsonContentType,
                Body = [RunflowEmulatorDiscovery.WriteAnswer(apiKey)],
            };
        }

        if (endpoint == RunflowEmulatorEndpoint.Files)
        {
            return PlanFile(record, bytes);
        }

        if (endpoint == RunflowEmulatorEndpoint.Images)
        {
            return PlanImages(record, reply);
        }

        if (!RunflowEmulatorRequestParser.TryParse(record.Body, out RunflowEmulatorChatRequest? request, out string? error))
        {
            return Error(StatusCodes.Status400BadRequest, error);
        }

        // A file part names an upload: the model describes what was uploaded under that id.
        foreach (RunflowEmulatorContentPart part in request.Messages.SelectMany(m => m.Parts).Where(p => p.FileId is not null))
        {
            part.FileDescription = _owner.TryDescribeFile(part.FileId!, out string? description) ? description : null;
        }

        bool isStream = endpoint == RunflowEmulatorEndpoint.Stream;
        RunflowEmulatorAnswer answer = Overlay(RunflowEmulatorModel.Answer(request, isStream), reply);
        if (!isStream)
        {
            return new RunflowEmulatorResponsePlan
            {
                StatusCode = StatusCodes.Status200OK,
                ContentType = JsonContentType,
                Body = [RunflowEmulatorResponseWriter.WriteAnswer(answer)],
            };
        }

        IReadOnlyList<ReadOnlyMemory<byte>> chunks = reply?.StreamChunks is { } scripted
            ? scripted.Select(c => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(c)).ToList()
            : RunflowEmulatorChunker.Split(Encoding.UTF8.GetBytes(answer.Text), Math.Max(1, _options.StreamChunkSize), _options.AllowSplitInsideCharacter);
        return new RunflowEmulatorResponsePlan
        {
            StatusCode = StatusCodes.Status200OK,
            ContentType = TextContentType,
            Body = chunks,
            IsStream = true,
        };
    }

    private RunflowEmulatorResponsePlan PlanEmbeddings(RunflowEmulatorRequest record, RunflowEmulatorReply? reply)
    {
        if (!RunflowEmulatorEmbeddingRequestParser.TryParse(record.Body, out RunflowEmulatorEmbeddingRequest? request, out string? error))
        {
            return Error(StatusCodes.Status400BadRequest, error);
        }

        RunflowEmulatorEmbeddingAnswer answer = RunflowEmulatorEmbeddingModel.Answer(request);
        if (reply is not null)
        {
            answer = new RunflowEmulatorEmbeddingAnswer
            {
                Vectors = reply.Embeddings ?? answer.Vectors,
                Model = reply.Model ?? answer.Model,
                PromptTokens = reply.Usage?.PromptTokens ?? answer.PromptTokens,
                TotalTokens = reply.Usage is { } usage ? usage.TotalTokens ?? usage.PromptTokens + usage.CompletionTokens : answer.TotalTokens,
                CachedTokens = reply.Usage?.CachedTokens,
                ReasoningTokens = reply.Usage?.ReasoningTokens,
            };
        }

        return new RunflowEmulatorResponsePlan
        {
            StatusCode = StatusCodes.Status200OK,
            ContentType = JsonContentType,
            Body = [RunflowEmulatorResponseWriter.WriteEmbeddings(answer, _options.EmbeddingsEnvelope)],
        };
    }

    private RunflowEmulatorResponsePlan PlanFile(RunflowEmulatorRequest record, byte[] bytes)
    {
        if (!RunflowEmulatorMultipartParser.TryParse(bytes, record.Headers.GetValueOrDefault("Content-Type"), out RunflowEmulatorFileUpload? upload, out string? error))
        {
            return Error(StatusCodes.Status400BadRequest, error);
        }

        if (upload.Content.Length > RunflowEmulatorFileStore.MaxTotalBytes)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, string.Create(CultureInfo.InvariantCulture, $"file is larger than the {RunflowEmulatorFileStore.MaxTotalBytes} bytes the emulator keeps."));
        }

        return new RunflowEmulatorResponsePlan
        {
            StatusCode = StatusCodes.Status200OK,
            ContentType = JsonContentType,
            Body = [RunflowEmulatorResponseWriter.WriteFile(_owner.Files.Add(upload))],
        };
    }

    private static RunflowEmulatorResponsePlan PlanImages(RunflowEmulatorRequest record, RunflowEmulatorReply? reply)
    {
        if (!RunflowEmulatorImageRequestParser.TryParse(record.Body, out RunflowEmulatorImageRequest? request, out string? error))
        {
            return Error(StatusCodes.Status400BadRequest, error);
        }

        RunflowEmulatorUsage? usage = reply?.Usage;
        int promptTokens = usage?.PromptTokens ?? RunflowEmulatorTokenizer.Count(request.Prompt);
        return new RunflowEmulatorResponsePlan
        {
            StatusCode = StatusCodes.Status200OK,
            ContentType = JsonContentType,
            Body =
            [
                RunflowEmulatorResponseWriter.WriteImages(
                    RunflowEmulatorImageModel.Answer(request),
                    reply?.Model ?? request.Model,
                    request.Provider,
                    promptTokens,
                    usage?.CompletionTokens,
                    usage is null ? promptTokens : usage.TotalTokens ?? usage.PromptTokens + usage.CompletionTokens),
            ],
        };
    }

    private static RunflowEmulatorAnswer Overlay(RunflowEmulatorAnswer answer, RunflowEmulatorReply? reply)
    {
        if (reply is null)
        {
            return answer;
        }

        bool scripted = reply.Text is not null || reply.ToolCalls is not null;
        string text = scripted ? reply.Text ?? string.Empty : answer.Text;
        IReadOnlyList<RunflowEmulatorToolCallRecord> toolCalls = scripted
            ? (reply.ToolCalls ?? []).Select((c, i) => new RunflowEmulatorToolCallRecord(c.Id ?? $"call_{i + 1}", c.Name, c.Arguments)).ToList()
            : answer.ToolCalls;
        string finishReason = reply.FinishReason ?? (scripted ? (toolCalls.Count > 0 ? "tool_calls" : "stop") : answer.FinishReason);

        int promptTokens = reply.Usage?.PromptTokens ?? answer.PromptTokens;
        int completionTokens = reply.Usage?.CompletionTokens ?? (scripted
            ? RunflowEmulatorTokenizer.Count(text) + toolCalls.Sum(c => RunflowEmulatorTokenizer.Count(c.Name) + RunflowEmulatorTokenizer.Count(c.Arguments))
            : answer.CompletionTokens);
        int totalTokens = reply.Usage is { } usage ? usage.TotalTokens ?? usage.PromptTokens + usage.CompletionTokens : promptTokens + completionTokens;

        return new RunflowEmulatorAnswer
        {
            Text = text,
            ToolCalls = toolCalls,
            FinishReason = finishReason,
            Model = reply.Model ?? answer.Model,
            Thinking = reply.Thinking ?? answer.Thinking,
            PromptTokens = promptTokens,
            CompletionTokens = completionTokens,
            TotalTokens = totalTokens,
            CachedTokens = reply.Usage?.CachedTokens,
            ReasoningTokens = reply.Usage?.ReasoningTokens,
        };
    }

    private async Task SendAsync(HttpContext context, RunflowEmulatorRequest record, RunflowEmulatorResponsePlan plan, RunflowEmulatorReply? reply, CancellationToken cancellationToken)
    {
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
            if (i > 0 && plan.IsStream && _options.StreamChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(_options.StreamChunkDelay, cancellationToken).ConfigureAwait(false);
            }

            ReadOnlyMemory<byte> piece = plan.Body[i];
            piece = piece[..Math.Min(piece.Length, limit - sent)];
            await response.Body.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            sent += piece.Length;
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

    private static RunflowEmulatorResponsePlan Error(int statusCode, string message) => new()
    {
        StatusCode = statusCode,
        ContentType = JsonContentType,
        Body = [RunflowEmulatorResponseWriter.WriteError(message)],
    };

    private static (Dictionary<string, string> Headers, string? KeyHeader, string? Key) ReadHeaders(HttpRequest http)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? keyHeader = null;
        string? key = null;
        foreach ((string name, Microsoft.Extensions.Primitives.StringValues values) in http.Headers)
        {
            headers[name] = RunflowEmulatorSecrets.IsSecretHeader(name) ? RunflowEmulatorRequest.RedactedValue : string.Join(", ", values.ToArray());
        }

        string? apiKey = http.Headers["x-api-key"].FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
        if (apiKey is not null)
        {
            keyHeader = "x-api-key";
            key = apiKey;
        }
        else
        {
            string? authorization = http.Headers.Authorization.FirstOrDefault(v => v is not null && v.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase));
            string? bearer = authorization?["Bearer ".Length..].Trim();
            if (!string.IsNullOrEmpty(bearer))
            {
                keyHeader = "Authorization";
                key = bearer;
            }
        }

        return (headers, keyHeader, key);
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
