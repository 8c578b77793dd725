using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>The mapped result for each response variant the contract lists.</summary>
public sealed class RunflowChatClientResponseTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<ChatResponse> Answer(string body, TimeProvider? timeProvider = null)
    {
        using var client = TestClient.Create(RecordingHandler.Json(body), timeProvider: timeProvider);
        return await client.GetResponseAsync("Hi", cancellationToken: Token);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_BareResponse_MapsEveryField()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero));

        var response = await Answer(TestClient.HelloResponse, time);

        var message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal("Hello!", Assert.IsType<TextContent>(Assert.Single(message.Contents)).Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("gpt-4o-2024", response.ModelId);
        Assert.Equal(3, response.Usage!.InputTokenCount);
        Assert.Equal(2, response.Usage.OutputTokenCount);
        Assert.Equal(5, response.Usage.TotalTokenCount);
        Assert.Equal(time.GetUtcNow(), response.CreatedAt);
        Assert.Equal(time.GetUtcNow(), message.CreatedAt);
        Assert.StartsWith("runflow-", response.ResponseId);
        Assert.Equal(response.ResponseId, message.MessageId);
        Assert.Null(response.ConversationId);
        Assert.NotNull(response.RawRepresentation);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_AnswerOverManyReads_IsReadWholeAndEachReadHasRoomForAPiece()
    {
        // 10,000 characters of text in 500-byte reads: the body outgrows the first 4 KB buffer twice, and a read that
        // is offered less room than its piece fails the test (the scripted stream cannot split a piece).
        var text = string.Concat(Enumerable.Range(0, 2000).Select(i => $"{i:D4},"));
        var pieces = Encoding.UTF8.GetBytes($$"""{"text":"{{text}}","finishReason":"stop"}""").Chunk(500).ToArray();
        var stream = new ScriptedStream(pieces);
        using var client = TestClient.Create(new RecordingHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(stream),
        })));

        var response = await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal(text, response.Text);
        Assert.Equal(pieces.Length + 1, stream.Reads);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_TwoCalls_GetDistinctIds()
    {
        using var client = TestClient.Create(RecordingHandler.Json(TestClient.HelloResponse));

        var first = await client.GetResponseAsync("a", cancellationToken: Token);
        var second = await client.GetResponseAsync("b", cancellationToken: Token);

        Assert.NotEqual(first.ResponseId, second.ResponseId);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_Envelope_IsUnwrapped()
    {
        var response = await Answer("""{"success":true,"data":{"text":"Wrapped","finishReason":"end_turn","model":"claude-x"}}""");

        Assert.Equal("Wrapped", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("claude-x", response.ModelId);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_MissingOptionalFields_UsesRequestModelAndNoUsage()
    {
        var response = await Answer("{}");

        Assert.Empty(Assert.Single(response.Messages).Contents);
        Assert.Equal("gpt-4o", response.ModelId);
        Assert.Null(response.Usage);
        Assert.Null(response.FinishReason);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\\n")]
    [InlineData("\\t \\r")]
    public async Task GetResponseAsync_BlankFinishReason_IsNone(string wire)
    {
        var response = await Answer($$"""{"text":"x","finishReason":"{{wire}}"}""");

        Assert.Equal("x", response.Text);
        Assert.Null(response.FinishReason);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_NullFields_AreTreatedAsMissing()
    {
        var response = await Answer("""{"text":null,"usage":null,"model":null,"finishReason":null,"toolCalls":null}""");

        Assert.Equal(string.Empty, response.Text);
        Assert.Null(response.Usage);
        Assert.Equal("gpt-4o", response.ModelId);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("stop", "stop")]
    [InlineData("end_turn", "stop")]
    [InlineData("STOP", "stop")]
    [InlineData("length", "length")]
    [InlineData("max_tokens", "length")]
    [InlineData("MAX_TOKENS", "length")]
    [InlineData("tool_calls", "tool_calls")]
    [InlineData("tool_use", "tool_calls")]
    [InlineData("function_call", "tool_calls")]
    [InlineData("content_filter", "content_filter")]
    [InlineData("SAFETY", "content_filter")]
    [InlineData("RECITATION", "RECITATION")]
    [InlineData("guardrail_intervened", "guardrail_intervened")]
    public async Task GetResponseAsync_FinishReasonSpelling_MapsToChatFinishReason(string wire, string expected)
    {
        var response = await Answer($$"""{"text":"x","finishReason":"{{wire}}"}""");

        Assert.Equal(new ChatFinishReason(expected), response.FinishReason);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_FlatToolCallsWithStringArguments_MapToFunctionCalls()
    {
        var response = await Answer("""
            {"text":"","finishReason":"stop","toolCalls":[
              {"id":"call_1","name":"get_weather","arguments":"{\"city\":\"Lisbon\",\"days\":2}"},
              {"id":"toolu_02","name":"get_time","arguments":""}]}
            """);

        var calls = response.Messages[0].Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal("call_1", calls[0].CallId);
        Assert.Equal("get_weather", calls[0].Name);
        Assert.Equal("Lisbon", ((JsonElement)calls[0].Arguments!["city"]!).GetString());
        Assert.Equal(2, ((JsonElement)calls[0].Arguments!["days"]!).GetInt32());
        Assert.Null(calls[0].Exception);
        Assert.Equal("toolu_02", calls[1].CallId);
        Assert.Null(calls[1].Exception);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_OpenAiShapedToolCallsWithObjectArguments_MapToFunctionCalls()
    {
        var response = await Answer("""
            {"finishReason":"tool_use","toolCalls":[
              {"id":"call_9","type":"function","function":{"name":"add","arguments":{"a":2,"b":{"c":[1,2]}}}}]}
            """);

        var call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages[0].Contents));
        Assert.Equal("call_9", call.CallId);
        Assert.Equal("add", call.Name);
        Assert.Equal(2, ((JsonElement)call.Arguments!["a"]!).GetInt32());
        Assert.Equal("""{"c":[1,2]}""", ((JsonElement)call.Arguments["b"]!).GetRawText());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ToolCallsWithoutIds_GetUniqueIds()
    {
        var response = await Answer("""{"toolCalls":[{"name":"a","arguments":"{}"},{"name":"a","arguments":"{}"},{"id":"","name":"b"}]}""");

        var ids = response.Messages[0].Contents.OfType<FunctionCallContent>().Select(c => c.CallId).ToList();
        Assert.Equal(3, ids.Count);
        Assert.All(ids, id => Assert.StartsWith("call_", id));
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("\"{not json\"")]
    [InlineData("\"[1,2]\"")]
    [InlineData("42")]
    public async Task GetResponseAsync_MalformedArguments_BecomeTheCallsException(string arguments)
    {
        var response = await Answer($$"""{"toolCalls":[{"id":"c1","name":"f","arguments":{{arguments}}}]}""");

        var call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages[0].Contents));
        Assert.Equal("c1", call.CallId);
        Assert.NotNull(call.Exception);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_TextAndToolCalls_KeepsBothInOrder()
    {
        var response = await Answer("""{"text":"Let me check.","finishReason":"stop","toolCalls":[{"id":"c1","name":"f","arguments":"{}"}]}""");

        var contents = response.Messages[0].Contents;
        Assert.Equal("Let me check.", Assert.IsType<TextContent>(contents[0]).Text);
        Assert.IsType<FunctionCallContent>(contents[1]);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("""{"usage":{"promptTokens":10,"completionTokens":5}}""", 10, 5, 15)]
    [InlineData("""{"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":11}}""", 7, 3, 11)]
    [InlineData("""{"usage":{"promptTokens":"4","completionTokens":"1","totalTokens":"5"}}""", 4, 1, 5)]
    [InlineData("""{"usage":{"completionTokens":9}}""", null, 9, 9)]
    public async Task GetResponseAsync_UsageVariants_MapToUsageDetails(string body, int? input, int? output, int total)
    {
        var response = await Answer(body);

        Assert.Equal(input, response.Usage!.InputTokenCount);
        Assert.Equal(output, response.Usage.OutputTokenCount);
        Assert.Equal(total, response.Usage.TotalTokenCount);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("thinking")]
    [InlineData("reasoning")]
    public async Task GetResponseAsync_ReasoningText_BecomesTextReasoningContent(string field)
    {
        var response = await Answer($$"""{"text":"42","{{field}}":"Six times seven."}""");

        var contents = response.Messages[0].Contents;
        Assert.Equal("Six times seven.", Assert.IsType<TextReasoningContent>(contents[0]).Text);
        Assert.Equal("42", Assert.IsType<TextContent>(contents[1]).Text);
        Assert.Equal("42", response.Text);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_UnknownFields_AreKeptInAdditionalProperties()
    {
        var response = await Answer("""{"text":"x","requestId":"req_1","cost":{"usd":0.002}}""");

        Assert.Equal("req_1", ((JsonElement)response.AdditionalProperties!["requestId"]!).GetString());
        Assert.Equal(0.002, ((JsonElement)response.AdditionalProperties["cost"]!).GetProperty("usd").GetDouble());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetService_ChatClientMetadata_DescribesRunflow()
    {
        using var client = TestClient.Create(RecordingHandler.Json(TestClient.HelloResponse));

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal("runflow", metadata!.ProviderName);
        Assert.Equal(new Uri("https://runflow.test/"), metadata.ProviderUri);
        Assert.Equal("gpt-4o", metadata.DefaultModelId);
        Assert.Same(client, client.GetService<RunflowChatClient>());
        Assert.Null(client.GetService<ChatClientMetadata>("key"));
        Assert.Null(client.GetService<HttpClient>());
        await Task.CompletedTask;
    }
}
