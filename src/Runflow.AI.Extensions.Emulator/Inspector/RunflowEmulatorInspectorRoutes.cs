using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Maps the inspector: its page at <c>GET /</c>, the page's style, script and icon, the list of requests as JSON, one request
/// in full, and the feed of server-sent events. Every route short-circuits, so the recording, the key checks and the
/// reply queue never see the inspector's own requests.
/// </summary>
internal static class RunflowEmulatorInspectorRoutes
{
    /// <summary>The path of the page.</summary>
    public const string PagePath = "/";

    /// <summary>The path of the list of requests, oldest first; <c>{ListPath}/{id}</c> is one request in full.</summary>
    public const string ListPath = "/_inspector/requests";

    /// <summary>The path of the feed of server-sent events.</summary>
    public const string EventsPath = "/_inspector/events";

    private const string AssetsPath = "/_inspector/assets";

    // Nothing the page loads comes from elsewhere, and nothing it shows can run as script.
    private const string ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly (string Name, string ContentType)[] s_assets =
    [
        ("inspector.css", "text/css; charset=utf-8"),
        ("inspector.js", "text/javascript; charset=utf-8"),
        ("favicon.svg", "image/svg+xml"),
    ];

    /// <summary>Maps the inspector's routes.</summary>
    /// <param name="routes">The application's routes.</param>
    /// <param name="inspector">The requests to show.</param>
    /// <param name="stopping">Cancelled when the emulator stops, to end the feeds.</param>
    public static void Map(IEndpointRouteBuilder routes, RunflowEmulatorInspector inspector, CancellationToken stopping)
    {
        byte[] page = Read("index.html");
        routes.MapGet(PagePath, context => SendAsync(context, page, "text/html; charset=utf-8")).ShortCircuit();
        foreach ((string name, string contentType) in s_assets)
        {
            byte[] asset = Read(name);
            routes.MapGet($"{AssetsPath}/{name}", context => SendAsync(context, asset, contentType)).ShortCircuit();
        }

        // Browsers ask for /favicon.ico on their own; answered here, it stays out of the recorded API traffic.
        byte[] icon = Read("favicon.svg");
        routes.MapGet("/favicon.ico", context => SendAsync(context, icon, "image/svg+xml")).ShortCircuit();

        routes.MapGet(ListPath, context => SendJsonAsync(context, inspector.List(), RunflowEmulatorJsonContext.Default.RunflowEmulatorInspectorSummaryArray)).ShortCircuit();
        routes.MapGet($"{ListPath}/{{id}}", context =>
        {
            RunflowEmulatorInspectorDetail? detail = long.TryParse(context.Request.RouteValues["id"] as string, NumberStyles.None, CultureInfo.InvariantCulture, out long id)
                ? inspector.Find(id)
                : null;
            if (detail is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return SendJsonAsync(context, new RunflowEmulatorErrorBody($"No request {context.Request.RouteValues["id"]} is kept; the inspector keeps the latest {RunflowEmulatorInspector.Capacity}."), RunflowEmulatorJsonContext.Default.RunflowEmulatorErrorBody);
            }

            return SendJsonAsync(context, detail, RunflowEmulatorJsonContext.Default.RunflowEmulatorInspectorDetail);
        }).ShortCircuit();
        routes.MapGet(EventsPath, async context =>
        {
            using var feed = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            await TypedResults.ServerSentEvents(inspector.EventsAsync(feed.Token)).ExecuteAsync(context).ConfigureAwait(false);
        }).ShortCircuit();
    }

    private static Task SendAsync(HttpContext context, byte[] body, string contentType)
    {
        HttpResponse response = context.Response;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    // The emulator's serializer context generates serialization code only, which writes synchronously: to bytes first.
    private static Task SendJsonAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(value, type);
        HttpResponse response = context.Response;
        response.ContentType = RunflowEmulatorResponsePlan.JsonContentType;
        response.ContentLength = body.Length;
        response.Headers.CacheControl = "no-store";
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static byte[] Read(string name)
    {
        using Stream stream = typeof(RunflowEmulatorInspectorRoutes).Assembly.GetManifestResourceStream($"Runflow.AI.Extensions.Emulator.Inspector.{name}")
            ?? throw new InvalidOperationException($"The inspector's {name} is missing from the emulator assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
