using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Maps the emulator's endpoints at the paths of <see cref="RunflowEmulatorOptions"/>: POST answers (GET and PUT for a
/// memory), any other method is HTTP 405 with the <c>Allow</c> header, and any other path HTTP 404, each with the
/// emulator's JSON error body.
/// </summary>
internal static class RunflowEmulatorRoutes
{
    /// <summary>Maps the endpoints, each tagged with its <see cref="RunflowEmulatorEndpoint"/> for the middleware.</summary>
    /// <param name="routes">The application's routes.</param>
    /// <param name="options">The options, which name the paths.</param>
    /// <param name="handler">Answers the POSTs.</param>
    /// <param name="memory">Answers the memory endpoints.</param>
    /// <param name="sender">Sends the 404 and 405 answers.</param>
    public static void Map(
        IEndpointRouteBuilder routes, RunflowEmulatorOptions options, RunflowEmulatorRequestHandler handler, RunflowEmulatorMemoryHandler memory, RunflowEmulatorResponseSender sender)
    {
        (string Path, RunflowEmulatorEndpoint Endpoint)[] endpoints =
        [
            (options.ChatPath, RunflowEmulatorEndpoint.Chat),
            (options.StreamPath, RunflowEmulatorEndpoint.Stream),
            (options.EmbeddingsPath, RunflowEmulatorEndpoint.Embeddings),
            (options.DiscoverPath, RunflowEmulatorEndpoint.Discover),
            (options.FilesPath, RunflowEmulatorEndpoint.Files),
            (options.ImagesPath, RunflowEmulatorEndpoint.Images),
        ];

        foreach ((string path, RunflowEmulatorEndpoint endpoint) in endpoints)
        {
            string pattern = "/" + path.Trim('/');
            routes.MapPost(pattern, handler.AnswerAsync).WithMetadata(endpoint);
            NotAllowed(pattern, endpoint, "POST");
        }

        string session = $"/{options.MemoryPath.Trim('/')}/{{{RunflowEmulatorMemoryHandler.MemoryIdRouteValue}}}";
        routes.MapGet(session, memory.AnswerAsync).WithMetadata(RunflowEmulatorEndpoint.Memory);
        routes.MapPut(session, memory.AnswerAsync).WithMetadata(RunflowEmulatorEndpoint.Memory);
        NotAllowed(session, RunflowEmulatorEndpoint.Memory, "GET, PUT");
        foreach ((string action, RunflowEmulatorEndpoint endpoint) in (ReadOnlySpan<(string, RunflowEmulatorEndpoint)>)
            [("append", RunflowEmulatorEndpoint.MemoryAppend), ("search", RunflowEmulatorEndpoint.MemorySearch), ("summarize", RunflowEmulatorEndpoint.MemorySummarize)])
        {
            routes.MapPost($"{session}/{action}", memory.AnswerAsync).WithMetadata(endpoint);
            NotAllowed($"{session}/{action}", endpoint, "POST");
        }

        routes.Map("/{**path}", context =>
            sender.SendAsync(context, RunflowEmulatorResponsePlan.Error(StatusCodes.Status404NotFound, $"No endpoint at {context.Request.Path.Value ?? "/"}.")));

        // Routing prefers an endpoint with the request's method; this one, with no method of its own, takes every other.
        void NotAllowed(string pattern, RunflowEmulatorEndpoint endpoint, string allow) =>
            routes.Map(pattern, context =>
            {
                context.Response.Headers.Allow = allow;
                return sender.SendAsync(context, RunflowEmulatorResponsePlan.Error(StatusCodes.Status405MethodNotAllowed, $"Only {allow.Replace(", ", " and ", StringComparison.Ordinal)} {(allow.Contains(',', StringComparison.Ordinal) ? "are" : "is")} allowed."));
            }).WithMetadata(endpoint);
    }
}
