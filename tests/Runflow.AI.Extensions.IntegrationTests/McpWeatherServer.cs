using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>An MCP server on Kestrel over loopback with one real tool, <c>get_weather</c>, that records every call it runs.</summary>
internal sealed class McpWeatherServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private McpWeatherServer(WebApplication app, ConcurrentQueue<string> calls)
    {
        _app = app;
        Calls = calls;
    }

    /// <summary>Gets the cities the tool was called for, in order.</summary>
    public ConcurrentQueue<string> Calls { get; }

    /// <summary>Gets the MCP endpoint.</summary>
    public Uri Endpoint => new(_app.Urls.First() + "/mcp");

    public static async Task<McpWeatherServer> StartAsync(CancellationToken cancellationToken)
    {
        var calls = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddMcpServer()
            .WithHttpTransport(transport => transport.Stateless = true)
            .WithTools([McpServerTool.Create(
                (string city) =>
                {
                    calls.Enqueue(city);
                    return $"{city}: sunny, 21°C (from the MCP server)";
                },
                new McpServerToolCreateOptions { Name = "get_weather", Description = "Gets the current weather for a city." })]);
        WebApplication app = builder.Build();
        app.MapMcp("/mcp");
        await app.StartAsync(cancellationToken);
        return new McpWeatherServer(app, calls);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
