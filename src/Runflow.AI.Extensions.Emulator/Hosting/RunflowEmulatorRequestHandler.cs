using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Answers a POST that passed the checks: the queued reply or a drawn fault, else the endpoint's model (or, in gateway
/// mode, the upstream) or the file store.
/// </summary>
/// <param name="owner">The emulator, which holds the reply queue and the uploaded files.</param>
/// <param name="options">The options.</param>
/// <param name="sender">Sends the answers.</param>
/// <param name="logger">Logs the emulator's own failures.</param>
/// <param name="upstream">Answers chat, streaming and embeddings in gateway mode; <see langword="null"/> for the emulator's own models.</param>
internal sealed class RunflowEmulatorRequestHandler(RunflowEmulator owner, RunflowEmulatorOptions options, RunflowEmulatorResponseSender sender, ILogger logger, RunflowEmulatorUpstream? upstream = null)
{
    private const string JsonContentType = RunflowEmulatorResponsePlan.JsonContentType;
    private const string TextContentType = "text/plain; charset=utf-8";

    /// <summary>Answers one request.</summary>
    /// <param name="context">The HTTP context, which carries the <see cref="RunflowEmulatorExchange"/>.</param>
    /// <returns>A task that completes when the answer is sent or the connection aborted.</returns>
    public Task AnswerAsync(HttpContext context)
    {
        RunflowEmulatorExchange exchange = context.Features.GetRequiredFeature<RunflowEmulatorExchange>();
        RunflowEmulatorReply? reply = owner.TakeReply();
        exchange.Record.Fault = reply?.Fault ?? RunflowEmulatorFault.None;
        if (exchange.Inspected is { } inspected)
        {
            inspected.Reply = reply is not null ? "scripted"
                : upstream is not null && exchange.Endpoint is RunflowEmulatorEndpoint.Chat or RunflowEmulatorEndpoint.Stream or RunflowEmulatorEndpoint.Embeddings ? "upstream"
                : "model";
        }

        return AnswerAsync(context, exchange, reply);
    }

    private async Task AnswerAsync(HttpContext context, RunflowEmulatorExchange exchange, RunflowEmulatorReply? reply)
    {
        RunflowEmulatorEndpoint endpoint = exchange.Endpoint;
        RunflowEmulatorFault fault = reply?.Fault ?? RunflowEmulatorFault.None;
        TimeSpan headersDelay = reply?.HeadersDelay ?? TimeSpan.Zero;
        if (fault == RunflowEmulatorFault.SlowFirstByte && headersDelay <= TimeSpan.Zero)
        {
            headersDelay = options.SlowFirstByteDelay;
        }

        if (headersDelay > TimeSpan.Zero)
        {
            await Task.Delay(headersDelay, exchange.Aborted).ConfigureAwait(false);
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
            plan = await PlanAsync(exchange, reply, endpoint == RunflowEmulatorEndpoint.Stream && fault == RunflowEmulatorFault.MalformedJson ? RunflowEmulatorEndpoint.Chat : endpoint).ConfigureAwait(false);
        }
        catch (RunflowEmulatorSchemaLimitException ex)
        {
            plan = RunflowEmulatorResponsePlan.Error(StatusCodes.Status400BadRequest, ex.Message);
        }
        catch (RunflowEmulatorUpstreamException ex)
        {
            plan = RunflowEmulatorResponsePlan.Error(ex.StatusCode, ex.Message);
            if (ex.RetryAfter is { } retryAfter)
            {
                plan = new RunflowEmulatorResponsePlan
                {
                    StatusCode = plan.StatusCode,
                    ContentType = plan.ContentType,
                    Body = plan.Body,
                    Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfter },
                };
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RunflowEmulatorLog.Failed(logger, ex);
            plan = RunflowEmulatorResponsePlan.Error(StatusCodes.Status500InternalServerError, $"The emulator failed to answer: {ex.Message}");
        }

        if (fault == RunflowEmulatorFault.MalformedJson)
        {
            ReadOnlyMemory<byte> whole = plan.Body.Count == 1 ? plan.Body[0] : plan.Body.SelectMany(b => b.ToArray()).ToArray();
            plan = RunflowEmulatorResponsePlan.Json(whole[..Math.Max(1, whole.Length / 2)]);
        }

        await sender.SendAsync(context, plan, reply).ConfigureAwait(false);
    }

    private async Task<RunflowEmulatorResponsePlan> PlanAsync(RunflowEmulatorExchange exchange, RunflowEmulatorReply? reply, RunflowEmulatorEndpoint endpoint)
    {
        RunflowEmulatorRequest record = exchange.Record;
        switch (reply?.Fault)
        {
            case RunflowEmulatorFault.TooManyRequests:
                long seconds = (long)Math.Ceiling(Math.Max(0, (reply.RetryAfter ?? options.RetryAfter).TotalSeconds));
                string retryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new RunflowEmulatorResponsePlan
                {
                    StatusCode = StatusCodes.Status429TooManyRequests,
                    ContentType = JsonContentType,
                    Body = [RunflowEmulatorResponseWriter.WriteError($"Rate limit exceeded; retry after {retryAfter} seconds.")],
                    Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfter },
                };
            case RunflowEmulatorFault.InternalServerError:
                return RunflowEmulatorResponsePlan.Error(StatusCodes.Status500InternalServerError, "Internal server error.");
            case RunflowEmulatorFault.ServiceUnavailable:
                return RunflowEmulatorResponsePlan.Error(StatusCodes.Status503ServiceUnavailable, "Service unavailable.");
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
            return RunflowEmulatorResponsePlan.Error(reply.StatusCode, reply.Error ?? $"HTTP {reply.StatusCode.ToString(CultureInfo.InvariantCulture)} from the emulator.");
        }

        if (endpoint == RunflowEmulatorEndpoint.Embeddings)
        {
            return await PlanEmbeddingsAsync(record, reply, exchange.Aborted).ConfigureAwait(false);
        }

        if (endpoint == RunflowEmulatorEndpoint.Discover)
        {
            return RunflowEmulatorResponsePlan.Json(RunflowEmulatorDiscovery.WriteAnswer(exchange.ApiKey!));
        }

        if (endpoint == RunflowEmulatorEndpoint.Files)
        {
            return PlanFile(record, exchange.Bytes);
        }

        if (endpoint == RunflowEmulatorEndpoint.Images)
        {
            return PlanImages(record, reply);
        }

        if (!RunflowEmulatorRequestParser.TryParse(record.Body, out RunflowEmulatorChatRequest? request, out string? error))
        {
            return RunflowEmulatorResponsePlan.Error(StatusCodes.Status400BadRequest, error);
        }

        bool isStream = endpoint == RunflowEmulatorEndpoint.Stream;

        // A reply that scripts the answer stands in for the upstream too, so a test can still pin one turn down.
        if (upstream is not null && reply is not ({ Text: not null } or { ToolCalls: not null } or { StreamChunks: not null }))
        {
            return isStream
                ? new RunflowEmulatorResponsePlan
                {
                    StatusCode = StatusCodes.Status200OK,
                    ContentType = TextContentType,
                    Body = [],
                    Live = await upstream.StreamAsync(request, UploadedFile, exchange.Aborted).ConfigureAwait(false),
                    IsStream = true,
                }
                : RunflowEmulatorResponsePlan.Json(RunflowEmulatorResponseWriter.WriteAnswer(
                    Overlay(await upstream.CompleteAsync(request, UploadedFile, exchange.Aborted).ConfigureAwait(false), reply)));
        }

        // A file part names an upload: the model describes what was uploaded under that id.
        foreach (RunflowEmulatorContentPart part in request.Messages.SelectMany(m => m.Parts).Where(p => p.FileId is not null))
        {
            part.FileDescription = owner.TryDescribeFile(part.FileId!, out string? description) ? description : null;
        }

        RunflowEmulatorAnswer answer = Overlay(RunflowEmulatorModel.Answer(request, isStream), reply);
        if (!isStream)
        {
            return RunflowEmulatorResponsePlan.Json(RunflowEmulatorResponseWriter.WriteAnswer(answer));
        }

        IReadOnlyList<ReadOnlyMemory<byte>> chunks = reply?.StreamChunks is { } scripted
            ? scripted.Select(c => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(c)).ToList()
            : RunflowEmulatorChunker.Split(Encoding.UTF8.GetBytes(answer.Text), Math.Max(1, options.StreamChunkSize), options.AllowSplitInsideCharacter);
        return new RunflowEmulatorResponsePlan
        {
            StatusCode = StatusCodes.Status200OK,
            ContentType = TextContentType,
            Body = chunks,
            IsStream = true,
        };
    }

    private async Task<RunflowEmulatorResponsePlan> PlanEmbeddingsAsync(RunflowEmulatorRequest record, RunflowEmulatorReply? reply, CancellationToken cancellationToken)
    {
        if (!RunflowEmulatorEmbeddingRequestParser.TryParse(record.Body, out RunflowEmulatorEmbeddingRequest? request, out string? error))
        {
            return RunflowEmulatorResponsePlan.Error(StatusCodes.Status400BadRequest, error);
        }

        RunflowEmulatorEmbeddingAnswer answer = upstream is not null && reply?.Embeddings is null
            ? await upstream.EmbedAsync(request, cancellationToken).ConfigureAwait(false)
            : RunflowEmulatorEmbeddingModel.Answer(request);
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

        return RunflowEmulatorResponsePlan.Json(RunflowEmulatorResponseWriter.WriteEmbeddings(answer, options.EmbeddingsEnvelope));
    }

    private RunflowEmulatorStoredFile? UploadedFile(string fileId) => owner.Files.TryGet(fileId, out RunflowEmulatorStoredFile? file) ? file : null;

    private RunflowEmulatorResponsePlan PlanFile(RunflowEmulatorRequest record, byte[] bytes)
    {
        if (!RunflowEmulatorMultipartParser.TryParse(bytes, record.Headers.GetValueOrDefault("Content-Type"), out RunflowEmulatorFileUpload? upload, out string? error))
        {
            return RunflowEmulatorResponsePlan.Error(StatusCodes.Status400BadRequest, error);
        }

        if (upload.Content.Length > RunflowEmulatorFileStore.MaxTotalBytes)
        {
            return RunflowEmulatorResponsePlan.Error(StatusCodes.Status413PayloadTooLarge, string.Create(CultureInfo.InvariantCulture, $"file is larger than the {RunflowEmulatorFileStore.MaxTotalBytes} bytes the emulator keeps."));
        }

        return RunflowEmulatorResponsePlan.Json(RunflowEmulatorResponseWriter.WriteFile(owner.Files.Add(upload)));
    }

    private static RunflowEmulatorResponsePlan PlanImages(RunflowEmulatorRequest record, RunflowEmulatorReply? reply)
    {
        if (!RunflowEmulatorImageRequestParser.TryParse(record.Body, out RunflowEmulatorImageRequest? request, out string? error))
        {
            return RunflowEmulatorResponsePlan.Error(StatusCodes.Status400BadRequest, error);
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
}
