using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Runflow.AI.Extensions.IntegrationTests.Hostile;

/// <summary>
/// A server on loopback whose every answer a test writes by hand, to play a hostile or broken Runflow: it records
/// what reaches it (headers and body, key included, since catching a leaked key is the point) and answers with the
/// test's delegate.
/// </summary>
internal sealed class HostileServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<HostileRequest> _requests = new();

    private HostileServer(WebApplication app) => _app = app;

    /// <summary>Gets the server's base address.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Gets every request that reached the server, in order.</summary>
    public IReadOnlyList<HostileRequest> Requests => [.. _requests];

    public static async Task<HostileServer> StartAsync(Func<HttpContext, Task> answer, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new HostileServer(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            server._requests.Enqueue(new HostileRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body));
            await answer(context);
        });

        await app.StartAsync(cancellationToken);
        server.Endpoint = new Uri(app.Urls.First() + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
