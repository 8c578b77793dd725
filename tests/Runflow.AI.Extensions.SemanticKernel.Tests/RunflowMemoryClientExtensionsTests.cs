using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.SemanticKernel.Tests;

/// <summary>A Semantic Kernel chat history kept in Runflow memory (the emulator's), function calls included.</summary>
public sealed class RunflowMemoryClientExtensionsTests
{
    private const string Key = "rf_test_sk_key";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.Test)]
    public async Task LoadChatHistoryAsync_AfterAppendingATurn_RestoresItWithItsFunctionCalls()
    {
        await using var emulator = new RunflowEmulator();
        await emulator.StartAsync(Token);
        var options = new RunflowClientOptions { Endpoint = emulator.Endpoint, ApiKey = Key };
        var builder = Kernel.CreateBuilder();
        builder.AddRunflowChatClient("gpt-4o", Key, "proj_sk", "openai", emulator.Endpoint);
        var plugin = new WeatherPlugin();
        builder.Plugins.AddFromObject(plugin, "weather");
        Kernel kernel = builder.Build();
        var chat = kernel.GetRequiredService<IChatCompletionService>();

        using (var memory = new RunflowMemoryClient(options))
        {
            ChatHistory history = await memory.LoadChatHistoryAsync("user:ana", Token);
            Assert.Empty(history);
            int before = history.Count;
            history.AddUserMessage("Use weather_get_weather for city: Lisbon");
            ChatMessageContent answer = await chat.GetChatMessageContentAsync(
                history, new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }, kernel, Token);
            history.Add(answer);
            foreach (ChatMessageContent message in history.Skip(before))
            {
                await memory.AppendAsync("user:ana", message, Token);
            }
        }

        using var elsewhere = new RunflowMemoryClient(options);
        ChatHistory restored = await elsewhere.LoadChatHistoryAsync("user:ana", Token);

        Assert.Equal([AuthorRole.User, AuthorRole.Assistant, AuthorRole.Tool, AuthorRole.Assistant], restored.Select(m => m.Role));
        Assert.Equal("Use weather_get_weather for city: Lisbon", restored[0].Content);
        FunctionCallContent call = Assert.Single(restored[1].Items.OfType<FunctionCallContent>());
        FunctionResultContent result = Assert.Single(restored[2].Items.OfType<FunctionResultContent>());
        Assert.Equal("Lisbon", call.Arguments!["city"]!.ToString());
        Assert.Equal(call.Id, result.CallId);
        Assert.Equal("Sunny, 21C in Lisbon", result.Result!.ToString());
        Assert.Contains("Sunny, 21C in Lisbon", restored[3].Content, StringComparison.Ordinal);

        // The restored history carries on: the model receives the earlier turn, tool call and result included.
        emulator.ClearRequests();
        restored.AddUserMessage("Thanks!");
        await chat.GetChatMessageContentAsync(restored, kernel: kernel, cancellationToken: Token);
        string sent = emulator.Requests.Single(r => r.Path.EndsWith("/chat", StringComparison.Ordinal)).Body;
        Assert.Contains("\"tool_call_id\":\"" + call.Id + "\"", sent, StringComparison.Ordinal);
        Assert.Contains("Use weather_get_weather for city: Lisbon", sent, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task LoadChatHistoryAsync_MemoryIdThatCouldLeaveThePath_IsRefused()
    {
        using var memory = new RunflowMemoryClient(new RunflowClientOptions { Endpoint = new Uri("http://127.0.0.1:9/"), ApiKey = Key });

        var error = await Assert.ThrowsAsync<ArgumentException>(() => memory.LoadChatHistoryAsync("../chat", Token));

        Assert.Equal("memoryId", error.ParamName);
    }
}
