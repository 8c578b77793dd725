using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Maps the emulator's endpoints at the paths of <see cref="RunflowEmulatorOptions"/>: POST answers, any other method
/// is HTTP 405 with <c>Allow: POST</c>, and any other path HTTP 404, each with the emulator's JSON error body.
/// </summary>
internal static class RunflowEmulatorRoutes
{
    /// <summary>Maps the endpoints, each tagged with its <see cref="RunflowEmulatorEndpoint"/> for the middleware.</summary>
    /// <param name="routes">The application's routes.</param>
    /// <param name="options">The options, which name the paths.</param>
    /// <param name="handler">Answers the POSTs.</param>
    /// <param name="sender">Sends the 404 and 405 answers.</param>
    public static void Map(IEndpointRouteBuilder routes, RunflowEmulatorOptions options, RunflowEmulatorRequestHandler handler, RunflowEmulatorResponseSender sender)
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

            // Routing prefers the POST endpoint for a POST; this one, with no method of its own, takes every other method.
            routes.Map(pattern, context =>
            {
                context.Response.Headers.Allow = "POST";
                return sender.SendAsync(context, RunflowEmulatorResponsePlan.Error(StatusCodes.Status405MethodNotAllowed, "Only POST is allowed."));
            }).WithMetadata(endpoint);
        }

        routes.Map("/{**path}", context =>
            sender.SendAsync(context, RunflowEmulatorResponsePlan.Error(StatusCodes.Status404NotFound, $"No endpoint at {context.Request.Path.Value ?? "/"}.")));
    }
}
