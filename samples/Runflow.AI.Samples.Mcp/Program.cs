// Tools from an MCP server, offered to the model on Runflow through UseFunctionInvocation: each call the model makes
// runs on the MCP server. With RUNFLOW_MCP_URL set, the tools come from that server (a Runflow MCP gateway, say), with
// RUNFLOW_API_KEY in its x-api-key header; otherwise from a small MCP server this sample starts on loopback.
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Server;
using Runflow.AI.Extensions;

await using var backend = await SampleBackend.StartAsync();

WebApplication? localServer = null;
HttpClientTransportOptions transport;
if (Environment.GetEnvironmentVariable("RUNFLOW_MCP_URL") is { Length: > 0 } gateway)
{
    transport = new HttpClientTransportOptions
    {
        Endpoint = new Uri(gateway),
        AdditionalHeaders = new Dictionary<string, string> { ["x-api-key"] = Environment.GetEnvironmentVariable("RUNFLOW_API_KEY") ?? string.Empty },
    };
    Console.WriteLine($"Using the MCP server at {transport.Endpoint}.");
}
else
{
    localServer = await StartWeatherServerAsync();
    transport = new HttpClientTransportOptions { Endpoint = new Uri(localServer.Urls.First() + "/mcp") };
    Console.WriteLine($"Using the sample's MCP server at {transport.Endpoint} (set RUNFLOW_MCP_URL for another).");
}

try
{
    await using McpClient mcp = await McpClient.CreateAsync(new HttpClientTransport(transport));
    IList<McpClientTool> tools = await mcp.ListToolsAsync();
    Console.WriteLine($"Tools: {string.Join(", ", tools.Select(t => t.Name))}");

    using IChatClient chat = new RunflowChatClient(backend.Options).AsBuilder().UseFunctionInvocation().Build();
    string question = args.Length > 0 ? string.Join(' ', args) : "What's the weather in Lisbon?";
    Console.WriteLine($"> {question}");
    ChatResponse response = await chat.GetResponseAsync(question, new ChatOptions { Tools = [.. tools] });
    Console.WriteLine(response.Text);
}
finally
{
    if (localServer is not null)
    {
        await localServer.DisposeAsync();
    }
}

static async Task<WebApplication> StartWeatherServerAsync()
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    builder.Services.AddMcpServer()
        .WithHttpTransport(http => http.Stateless = true)
        .WithTools([McpServerTool.Create(
            (string city) =>
            {
                Console.WriteLine($"  [mcp server] get_weather(city: {city})");
                return $"{city}: sunny, 21°C";
            },
            new McpServerToolCreateOptions { Name = "get_weather", Description = "Gets the current weather for a city." })]);
    WebApplication app = builder.Build();
    app.MapMcp("/mcp");
    await app.StartAsync();
    return app;
}
