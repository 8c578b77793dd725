using System.Collections.Concurrent;
using System.Net;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>The contract against the Runflow emulator over loopback, plus what only a scripted backend can show.</summary>
public sealed class RunflowChatClientEmulatorTests : RunflowChatClientContractTests
{
    private const string ApiKey = "rf_test_integration_key";
    private readonly RunflowEmulator _emulator = new(new RunflowEmulatorOptions { StreamChunkSize = 5 });

    protected override RunflowEmulator? Emulator => _emulator;

    protected override async ValueTask<RunflowClientOptions> CreateOptionsAsync()
    {
        await _emulator.StartAsync(Token);
        return new RunflowClientOptions
        {
            Endpoint = _emulator.Endpoint,
            ApiKey = ApiKey,
            ProjectId = "proj_integration",
            Provider = "openai",
            DefaultModelId = "gpt-4o",

            // Loopback answers in milliseconds; a hang should fail the test, not stall the run.
            NetworkTimeout = TimeSpan.FromSeconds(30),
            StreamIdleTimeout = TimeSpan.FromSeconds(30),
        };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_Request_CarriesTheKeyAndTheConfiguredFields()
    {
        IChatClient client = await CreateClientAsync();

        await client.GetResponseAsync("hello", new ChatOptions { Temperature = 0.5f, MaxOutputTokens = 20 }, Token);

        RunflowEmulatorRequest request = Assert.Single(_emulator.Requests);
        Assert.True(request.HasApiKey);
        Assert.Equal(200, request.StatusCode);
        Assert.Equal("proj_integration", request.Json!["projectId"]!.GetValue<string>());
        Assert.Equal("openai", request.Json["provider"]!.GetValue<string>());
        Assert.Equal("gpt-4o", request.Json["model"]!.GetValue<string>());
        Assert.Equal(20, request.Json["maxTokens"]!.GetValue<int>());
        Assert.DoesNotContain(ApiKey, request.Body, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AvailableTools_EveryAwkwardSignature_IsCalledWithBindableArguments()
    {
        var invoked = new ConcurrentDictionary<string, int>();
        IList<AITool> tools = AwkwardTools(strict: false, invoked);
        IChatClient client = new ChatClientBuilder(await CreateClientAsync()).UseFunctionInvocation().Build();

        ChatResponse response = await client.GetResponseAsync(
            "Call " + string.Join(", ", tools.Select(t => t.Name)), new ChatOptions { Tools = tools }, Token);

        Assert.Equal(tools.Select(t => t.Name).Order(), invoked.Keys.Order());
        Assert.All(invoked.Values, n => Assert.Equal(1, n));
        Assert.StartsWith("Here is what I found: Method1 returned ", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Error", response.Text, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ServiceRateLimits_FailsWithTheStatusAndRetryAfter()
    {
        IChatClient client = await CreateClientAsync();
        _emulator.Enqueue(RunflowEmulatorReply.TooManyRequests(TimeSpan.FromSeconds(3)));

        RunflowException error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("hello", cancellationToken: Token));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
        Assert.Contains("Rate limit", error.ServerMessage, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ScriptedToolCallsAndUsage_AreMappedToContents()
    {
        IChatClient client = await CreateClientAsync();
        _emulator.Enqueue(new RunflowEmulatorReply
        {
            ToolCalls = [new RunflowEmulatorToolCall("get_weather", """{"city":"Lisbon"}""")],
            Usage = new RunflowEmulatorUsage { PromptTokens = 7, CompletionTokens = 5 },
        });

        ChatResponse response = await client.GetResponseAsync("weather?", cancellationToken: Token);

        FunctionCallContent call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages.SelectMany(m => m.Contents), c => c is FunctionCallContent));
        Assert.Equal("call_1", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Lisbon", call.Arguments!["city"]!.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(12, response.Usage!.TotalTokenCount);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_ConnectionDroppedMidStream_Fails()
    {
        IChatClient client = await CreateClientAsync();
        _emulator.Enqueue(RunflowEmulatorReply.DroppedConnection(bytesBeforeDrop: 6));

        var received = new List<string>();
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("Tell me a long story", cancellationToken: Token))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal("You sa", string.Concat(received));
    }
}
