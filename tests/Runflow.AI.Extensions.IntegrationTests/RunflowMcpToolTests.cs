using ModelContextProtocol.Client;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>Tools from an MCP server offered to <see cref="RunflowChatClient"/> through function invocation: the model
/// (the emulator) calls the tool, and the tool runs on the MCP server.</summary>
public sealed class RunflowMcpToolTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.LongTest)]
    public async Task GetResponseAsync_WithToolsFromAnMcpServer_RunsTheToolOnTheServer()
    {
        await using var server = await McpWeatherServer.StartAsync(Token);
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        await using McpClient mcp = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = server.Endpoint }), cancellationToken: Token);
        IList<McpClientTool> tools = await mcp.ListToolsAsync(cancellationToken: Token);
        using IChatClient chat = new ChatClientBuilder(session.Client).UseFunctionInvocation().Build();

        ChatResponse response = await chat.GetResponseAsync("What's the weather in Lisbon?", new ChatOptions { Tools = [.. tools] }, Token);

        Assert.Equal("get_weather", Assert.Single(tools).Name);
        Assert.Equal(["Lisbon"], server.Calls);
        Assert.Contains("Lisbon: sunny, 21°C (from the MCP server)", response.Text, StringComparison.Ordinal);
        var first = session.Emulator.Requests[0].Json!;
        Assert.Equal("get_weather", first["tools"]![0]!["function"]!["name"]!.GetValue<string>());
        Assert.Equal("Gets the current weather for a city.", first["tools"]![0]!["function"]!["description"]!.GetValue<string>());
        var toolMessage = session.Emulator.Requests[1].Json!["messages"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "tool");
        Assert.Contains("from the MCP server", toolMessage!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
