using Microsoft.Agents.AI;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>Microsoft Agent Framework's <see cref="ChatClientAgent"/> over <see cref="RunflowChatClient"/> and the emulator.</summary>
public sealed class ChatClientAgentTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static ChatClientAgent CreateAgent(EmulatorSession session, List<string> calls) =>
        new(
            session.Client,
            instructions: "You are a travel assistant.",
            name: "travel",
            tools:
            [
                AIFunctionFactory.Create((string city) => { calls.Add($"weather:{city}"); return $"{city}: sunny"; }, "get_weather"),
                AIFunctionFactory.Create((string from, string to) => { calls.Add($"flights:{from}-{to}"); return $"TP123 {from}-{to}"; }, "find_flights"),
            ]);

    [Fact(Timeout = TestBounds.Test)]
    public async Task RunAsync_WithTools_InvokesThemAndSendsTheInstructions()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        var calls = new List<string>();
        var agent = CreateAgent(session, calls);

        var response = await agent.RunAsync("Use get_weather for city: Lisbon", cancellationToken: Token);

        Assert.Equal(["weather:Lisbon"], calls);
        Assert.Contains("Lisbon: sunny", response.Text);
        var first = session.Emulator.Requests[0].Json!;
        Assert.Equal("You are a travel assistant.", first["instructions"]!.GetValue<string>());
        Assert.Equal(2, first["tools"]!.AsArray().Count);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task RunAsync_TwoTurnsInOneSession_KeepsTheHistoryLocally()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        var calls = new List<string>();
        var agent = CreateAgent(session, calls);
        var agentSession = await agent.CreateSessionAsync(Token);

        await agent.RunAsync("Use get_weather for city: Lisbon", agentSession, cancellationToken: Token);
        var second = await agent.RunAsync("Now use find_flights from: Porto to: Lisbon", agentSession, cancellationToken: Token);

        Assert.Equal(["weather:Lisbon", "flights:Porto-Lisbon"], calls);
        Assert.Contains("TP123 Porto-Lisbon", second.Text);
        var messages = session.Emulator.Requests[^1].Json!["messages"]!.AsArray();
        var contents = messages.Select(m => m!["content"]?.GetValue<string>() ?? string.Empty).ToList();
        Assert.Contains(contents, c => c.Contains("get_weather for city: Lisbon", StringComparison.Ordinal));
        Assert.Contains(contents, c => c.Contains("Lisbon: sunny", StringComparison.Ordinal));
        Assert.All(session.Emulator.Requests, r => Assert.Null(r.Json!["conversationId"]));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task RunStreamingAsync_StreamsTheAnswerAfterTheToolCall()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        var calls = new List<string>();
        var agent = CreateAgent(session, calls);

        var updates = await agent.RunStreamingAsync("Use get_weather for city: Faro", cancellationToken: Token).ToListAsync(Token);

        Assert.Equal(["weather:Faro"], calls);
        Assert.Contains("Faro: sunny", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task RunStreamingAsync_WithoutToolUse_StreamsTextInPieces()
    {
        await using var session = await EmulatorSession.StartAsync(new() { StreamChunkSize = 4, StreamChunkDelay = TimeSpan.FromMilliseconds(2) }, cancellationToken: Token);
        var agent = new ChatClientAgent(session.Client, instructions: "Be brief.");

        var updates = await agent.RunStreamingAsync("Tell me about Lisbon", cancellationToken: Token).ToListAsync(Token);

        Assert.True(updates.Count(u => u.Text.Length > 0) > 3);
        Assert.Contains("Tell me about Lisbon", string.Concat(updates.Select(u => u.Text)));
        Assert.True(Assert.Single(session.Emulator.Requests).IsStreaming);
    }
}
