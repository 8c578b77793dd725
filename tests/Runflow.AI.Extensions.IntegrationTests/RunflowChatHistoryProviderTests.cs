using System.Text.Json;
using Runflow.AI.Extensions.Testing;
using Microsoft.Agents.AI;
using Runflow.AI.Extensions.AgentFramework;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>Agent Framework sessions whose history lives in Runflow's memory (the emulator's), and the memory search
/// that recalls earlier conversations.</summary>
public sealed class RunflowChatHistoryProviderTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>One "process": its own chat client, memory client, provider and agent, none shared with another.</summary>
    private sealed class AgentProcess : IDisposable
    {
        public AgentProcess(EmulatorSession emulator, List<string> calls, AIContextProvider? context = null, Func<RunflowMemoryClient, AIContextProvider>? contextFactory = null)
        {
            Chat = new RunflowChatClient(emulator.Options);
            Memory = new RunflowMemoryClient(emulator.Options);
            History = new RunflowChatHistoryProvider(Memory);
            var options = new ChatClientAgentOptions
            {
                Name = "travel",
                ChatOptions = new ChatOptions
                {
                    Instructions = "You are a travel assistant.",
                    Tools = [AIFunctionFactory.Create((string city) => { calls.Add(city); return $"{city}: sunny"; }, "get_weather")],
                },
                ChatHistoryProvider = History,
            };
            if ((context ?? contextFactory?.Invoke(Memory)) is { } provider)
            {
                options.AIContextProviders = [provider];
            }

            Agent = new ChatClientAgent(Chat, options);
        }

        public RunflowChatClient Chat { get; }

        public RunflowMemoryClient Memory { get; }

        public RunflowChatHistoryProvider History { get; }

        public ChatClientAgent Agent { get; }

        public void Dispose()
        {
            Chat.Dispose();
            Memory.Dispose();
        }
    }

    [Fact(Timeout = TestBounds.LongTest)]
    public async Task RunAsync_SessionSerializedAndRestoredElsewhere_TheModelSeesTheWholeHistory()
    {
        await using var emulator = await EmulatorSession.StartAsync(cancellationToken: Token);
        var calls = new List<string>();
        string saved;
        string memoryId;
        using (var first = new AgentProcess(emulator, calls))
        {
            AgentSession session = await first.Agent.CreateSessionAsync(Token);
            await first.Agent.RunAsync("My name is Ana.", session, cancellationToken: Token);
            await first.Agent.RunAsync("Use get_weather for city: Lisbon", session, cancellationToken: Token);
            memoryId = first.History.GetMemoryId(session);
            saved = (await first.Agent.SerializeSessionAsync(session, cancellationToken: Token)).GetRawText();
        }

        emulator.Emulator.ClearRequests();
        using var second = new AgentProcess(emulator, calls);
        AgentSession restored = await second.Agent.DeserializeSessionAsync(JsonDocument.Parse(saved).RootElement, cancellationToken: Token);
        AgentResponse answer = await second.Agent.RunAsync("What is my name?", restored, cancellationToken: Token);

        Assert.Equal(memoryId, second.History.GetMemoryId(restored));
        Assert.DoesNotContain("My name is Ana.", saved, StringComparison.Ordinal);
        Assert.Contains("What is my name?", answer.Text, StringComparison.Ordinal);
        var chat = emulator.Emulator.Requests.Single(r => r.Path.EndsWith("/chat", StringComparison.Ordinal)).Json!;
        var sent = chat["messages"]!.AsArray().Select(m => (Role: m!["role"]!.GetValue<string>(), Content: m["content"]?.GetValue<string>())).ToList();
        Assert.Equal(["user", "assistant", "user", "assistant", "tool", "assistant", "user"], sent.Select(m => m.Role));
        Assert.Equal("My name is Ana.", sent[0].Content);
        Assert.Equal("Use get_weather for city: Lisbon", sent[2].Content);
        Assert.Equal("Lisbon: sunny", sent[4].Content);
        Assert.Equal("What is my name?", sent[^1].Content);
    }

    [Fact(Timeout = TestBounds.LongTest)]
    public async Task RunAsync_ToolCallsAndResults_SurviveTheMemoryRoundTrip()
    {
        await using var emulator = await EmulatorSession.StartAsync(cancellationToken: Token);
        var calls = new List<string>();
        using var process = new AgentProcess(emulator, calls);
        AgentSession session = await process.Agent.CreateSessionAsync(Token);

        await process.Agent.RunAsync("Use get_weather for city: Faro", session, cancellationToken: Token);
        await process.Agent.RunAsync("Thanks!", session, cancellationToken: Token);

        RunflowMemory memory = (await process.Memory.GetAsync(process.History.GetMemoryId(session), Token))!;
        List<ChatMessage> restored = [.. memory.Messages.Select(m => m.ToChatMessage())];
        FunctionCallContent call = Assert.Single(restored.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        FunctionResultContent result = Assert.Single(restored.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Equal(("get_weather", "Faro"), (call.Name, call.Arguments!["city"]!.ToString()));
        Assert.Equal(call.CallId, result.CallId);
        Assert.Equal(ChatRole.Tool, restored.Single(m => m.Contents.Contains(result)).Role);
        Assert.Equal(["Faro"], calls);
        Assert.Contains(memory.Messages, m => m.Content == "[tool call get_weather {\"city\":\"Faro\"}]");

        var second = emulator.Emulator.Requests.Last(r => r.Path.EndsWith("/chat", StringComparison.Ordinal)).Json!["messages"]!.AsArray();
        var toolCall = second.Single(m => m!["tool_calls"] is not null)!["tool_calls"]![0]!;
        Assert.Equal(call.CallId, toolCall["id"]!.GetValue<string>());
        Assert.Equal(call.CallId, second.Single(m => m!["role"]!.GetValue<string>() == "tool")!["tool_call_id"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.LongTest)]
    public async Task ContextProvider_InANewSession_AddsARememberedFactFromAnEarlierOne()
    {
        await using var emulator = await EmulatorSession.StartAsync(cancellationToken: Token);
        var calls = new List<string>();
        using var process = new AgentProcess(emulator, calls, contextFactory: memory => new RunflowMemoryContextProvider(memory, _ => "user:ana"));

        await process.Agent.RunAsync("My favourite city is Porto.", await process.Agent.CreateSessionAsync(Token), cancellationToken: Token);
        emulator.Emulator.ClearRequests();
        await process.Agent.RunAsync("Which city should I visit, given my favourite?", await process.Agent.CreateSessionAsync(Token), cancellationToken: Token);

        var chat = emulator.Emulator.Requests.Single(r => r.Path.EndsWith("/chat", StringComparison.Ordinal)).Json!;
        Assert.Equal(
            "You are a travel assistant.\nThings the user said in earlier conversations, which may help:\n- My favourite city is Porto.",
            chat["instructions"]!.GetValue<string>());
        Assert.Equal(["Which city should I visit, given my favourite?"], chat["messages"]!.AsArray().Select(m => m!["content"]!.GetValue<string>()));
        var search = emulator.Emulator.Requests.Single(r => r.Path.EndsWith("/search", StringComparison.Ordinal));
        Assert.Equal("/api/v1/runtime/v1/memory/user:ana/search", search.Path);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task RunAsync_MemoryIdThatCouldLeaveThePath_IsRefusedBeforeAnythingIsSent()
    {
        await using var emulator = await EmulatorSession.StartAsync(cancellationToken: Token);
        using var chat = new RunflowChatClient(emulator.Options);
        using var memory = new RunflowMemoryClient(emulator.Options);
        var agent = new ChatClientAgent(chat, new ChatClientAgentOptions { ChatHistoryProvider = new RunflowChatHistoryProvider(memory, _ => "../chat") });

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await agent.RunAsync("Hi", await agent.CreateSessionAsync(Token), cancellationToken: Token));

        Assert.Equal("memoryId", error.ParamName);
        Assert.Empty(emulator.Emulator.Requests);
    }
}
