using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Answers the memory endpoints from the <see cref="RunflowEmulatorMemoryStore"/>: GET and PUT of a memory, and POST of
/// its <c>append</c>, <c>search</c> and <c>summarize</c>. Memories belong to the tenant of the request: its
/// <c>x-runflow-tenant-id</c> header, or, without one, the tenant its API key discovers
/// (<see cref="RunflowEmulator.TenantIdFor(string)"/>). These endpoints answer from the store alone: queued replies and
/// random faults are left for the model endpoints.
/// </summary>
/// <param name="store">The memories.</param>
/// <param name="sender">Sends the answers.</param>
internal sealed class RunflowEmulatorMemoryHandler(RunflowEmulatorMemoryStore store, RunflowEmulatorResponseSender sender)
{
    /// <summary>The route value that holds the memory's id.</summary>
    public const string MemoryIdRouteValue = "memoryId";

    private const string TenantHeader = "x-runflow-tenant-id";

    private static readonly JsonElement s_emptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Answers one memory request.</summary>
    /// <param name="context">The HTTP context, which carries the <see cref="RunflowEmulatorExchange"/>.</param>
    /// <returns>A task that completes when the answer is sent.</returns>
    public Task AnswerAsync(HttpContext context)
    {
        RunflowEmulatorExchange exchange = context.Features.GetRequiredFeature<RunflowEmulatorExchange>();
        string id = context.Request.RouteValues[MemoryIdRouteValue] as string ?? string.Empty;
        string? tenant = context.Request.Headers[TenantHeader].FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
        return sender.SendAsync(context, Plan(exchange, context.Request.Method, id, tenant ?? RunflowEmulator.TenantIdFor(exchange.ApiKey!)));
    }

    private RunflowEmulatorResponsePlan Plan(RunflowEmulatorExchange exchange, string method, string id, string tenant)
    {
        if (Problem(id) is { } problem)
        {
            return RunflowEmulatorResponsePlan.Error(StatusCodes.Status400BadRequest, $"memoryId {problem}.");
        }

        string body = exchange.Record.Body;
        switch (exchange.Endpoint)
        {
            case RunflowEmulatorEndpoint.Memory when HttpMethods.IsGet(method):
                return store.Get(tenant, id) is { } session
                    ? RunflowEmulatorResponsePlan.Json(RunflowEmulatorResponseWriter.WriteMemory(new RunflowEmulatorMemoryBody(
                        session.Id, session.Messages, new Dictionary<string, string>(), session.Summary, session.Metadata ?? s_emptyObject)))
                    : RunflowEmulatorResponsePlan.Json(RunflowEmulatorResponseWriter.WriteMemoryFailure());

            case RunflowEmulatorEndpoint.Memory:
                if (!RunflowEmulatorRequestBody.TryRead(body, RunflowEmulatorRequestSchema.MemorySet, RunflowEmulatorWireContext.Default.RunflowEmulatorMemorySetRequestDto, out RunflowEmulatorMemorySetRequestDto? set, out string? error))
                {
                    return RunflowEmulatorResponsePlan.Error(StatusCodes.Status400BadRequest, error);
                }

                store.Set(tenant, id, set);
                return RunflowEmulatorResponsePlan.Json(ReadOnlyMemory<byte>.Empty);

            case RunflowEmulatorEndpoint.MemoryAppend:
                if (!RunflowEmulatorRequestBody.TryRead(body, RunflowEmulatorRequestSchema.MemoryAppend, RunflowEmulatorWireContext.Default.RunflowEmulatorMemoryMessageDto, out RunflowEmulatorMemoryMessageDto? message, out error))
                {
                    return RunflowEmulatorResponsePlan.Error(StatusCodes.Status400BadRequest, error);
                }

                store.Append(tenant, id, message);
                return RunflowEmulatorResponsePlan.Json(ReadOnlyMemory<byte>.Empty);

            case RunflowEmulatorEndpoint.MemorySearch:
                if (!RunflowEmulatorRequestBody.TryRead(body, RunflowEmulatorRequestSchema.MemorySearch, RunflowEmulatorWireContext.Default.RunflowEmulatorMemorySearchRequestDto, out RunflowEmulatorMemorySearchRequestDto? search, out error))
                {
                    return RunflowEmulatorResponsePlan.Error(StatusCodes.Status400BadRequest, error);
                }

                int limit = search.Limit is { } requested ? (int)requested : RunflowEmulatorMemoryStore.DefaultSearchLimit;
                return RunflowEmulatorResponsePlan.Json(RunflowEmulatorResponseWriter.WriteMemorySearch(store.Search(tenant, id, search.Query, limit)));

            default:
                if (!RunflowEmulatorRequestBody.TryRead(body, RunflowEmulatorRequestSchema.MemorySummarize, RunflowEmulatorWireContext.Default.RunflowEmulatorMemorySummarizeRequestDto, out _, out error))
                {
                    return RunflowEmulatorResponsePlan.Error(StatusCodes.Status400BadRequest, error);
                }

                return store.Summarize(tenant, id) is { } summary
                    ? RunflowEmulatorResponsePlan.Json(RunflowEmulatorResponseWriter.WriteMemorySummary(summary))
                    : RunflowEmulatorResponsePlan.Error(StatusCodes.Status404NotFound, $"No memory {id} to summarize.");
        }
    }

    // The same ids the library accepts: one path segment, with nothing a path or query would read differently.
    private static string? Problem(string id) =>
        string.IsNullOrWhiteSpace(id) ? "must not be blank"
        : id.Length > 256 ? "must be at most 256 characters"
        : id.Any(char.IsControl) ? "must not contain control characters"
        : id.AsSpan().IndexOfAny(['/', '\\', '?', '#']) >= 0 || id.Contains("..", StringComparison.Ordinal) ? "must not contain '/', '\\', '?', '#' or '..'"
        : null;
}
