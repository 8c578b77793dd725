using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>Streaming over the HTTP seam: body forms, routing, update identity and failure modes.</summary>
public sealed class RunflowChatClientStreamingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RecordingHandler Streaming(Func<Stream> body, string mediaType = "text/plain") =>
        new((_, _) =>
        {
            var content = new StreamContent(body());
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        });

    private static byte[][] Chunks(params string[] parts) => [.. parts.Select(Encoding.UTF8.GetBytes)];

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_PlainText_PostsToStreamPathAndYieldsEachChunk()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var handler = Streaming(() => new ScriptedStream(Chunks("Hel", "lo, ", "world")));
        using var client = TestClient.Create(handler, timeProvider: time);

        var updates = await client.GetStreamingResponseAsync("Hi", cancellationToken: Token).ToListAsync(Token);

        var request = handler.Single;
        Assert.Equal("https://runflow.test/api/v1/runtime/v1/chat/stream", request.Uri.ToString());
        Assert.Equal("text/plain,text/event-stream,application/json", request.Header("Accept"));
        TestClient.AssertJson("""{"projectId":"proj_1","provider":"openai","model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}""", request.Body);
        Assert.Equal(["Hel", "lo, ", "world", ""], updates.Select(u => u.Text));
        Assert.All(updates, u =>
        {
            Assert.Equal(updates[0].ResponseId, u.ResponseId);
            Assert.Equal(updates[0].ResponseId, u.MessageId);
            Assert.Equal(ChatRole.Assistant, u.Role);
            Assert.Equal(time.GetUtcNow(), u.CreatedAt);
            Assert.Equal("gpt-4o", u.ModelId);
        });
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.All(updates.SkipLast(1), u => Assert.Null(u.FinishReason));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_Updates_FoldIntoOneMessageWithOneTextPart()
    {
        using var client = TestClient.Create(Streaming(() => new ScriptedStream(Chunks("a", "b", "c"))));

        var response = await client.GetStreamingResponseAsync("Hi", cancellationToken: Token).ToChatResponseAsync(Token);

        var message = Assert.Single(response.Messages);
        Assert.Equal("abc", Assert.IsType<TextContent>(Assert.Single(message.Contents)).Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_MultiByteCharacterSplitAcrossChunks_IsDecodedWhole()
    {
        var bytes = Encoding.UTF8.GetBytes("é€😀!");
        var chunks = bytes.Select(b => new[] { b }).ToArray();
        using var client = TestClient.Create(Streaming(() => new ScriptedStream(chunks)));

        var text = string.Concat(await client.GetStreamingResponseAsync("Hi", cancellationToken: Token).Select(u => u.Text).ToListAsync(Token));

        Assert.Equal("é€😀!", text);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_EventStream_ReadsDataEventsFinishReasonAndUsage()
    {
        var sse = "data: {\"text\":\"Hel\"}\n\n" +
                  "data: lo\r\n\r\n" +
                  ": comment\n" +
                  "data: {\"choices\":[{\"delta\":{\"content\":\"!\"},\"finish_reason\":\"length\"}]}\n\n" +
                  "data: {\"usage\":{\"promptTokens\":2,\"completionTokens\":3}}\n\n" +
                  "data: [DONE]\n\n" +
                  "data: ignored after done\n\n";
        var bytes = Encoding.UTF8.GetBytes(sse);
        var chunks = bytes.Chunk(7).ToArray();
        using var client = TestClient.Create(Streaming(() => new ScriptedStream(chunks), "text/event-stream"));

        var updates = await client.GetStreamingResponseAsync("Hi", cancellationToken: Token).ToListAsync(Token);

        Assert.Equal("Hello!", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(ChatFinishReason.Length, updates[^1].FinishReason);
        var usage = Assert.IsType<UsageContent>(Assert.Single(updates[^1].Contents));
        Assert.Equal(5, usage.Details.TotalTokenCount);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_JsonBody_YieldsTheWholeResponse()
    {
        using var client = TestClient.Create(RecordingHandler.Json(TestClient.HelloResponse));

        var update = Assert.Single(await client.GetStreamingResponseAsync("Hi", cancellationToken: Token).ToListAsync(Token));

        Assert.Equal("Hello!", update.Text);
        Assert.Equal(ChatFinishReason.Stop, update.FinishReason);
        Assert.Equal(5, update.Contents.OfType<UsageContent>().Single().Details.TotalTokenCount);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_WithTools_UsesTheChatEndpointAndYieldsToolCalls()
    {
        var handler = RecordingHandler.Json("""
            {"text":"","finishReason":"tool_calls","toolCalls":[{"id":"call_1","name":"get_weather","arguments":"{\"city\":\"Lisbon\"}"}],
             "usage":{"promptTokens":10,"completionTokens":4,"totalTokens":14},"model":"gpt-4o"}
            """);
        using var client = TestClient.Create(handler);
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create((string city) => "sunny", "get_weather")] };

        var updates = await client.GetStreamingResponseAsync("Weather in Lisbon?", options, Token).ToListAsync(Token);

        Assert.Equal("https://runflow.test/api/v1/runtime/v1/chat", handler.Single.Uri.ToString());
        Assert.NotNull(JsonNode.Parse(handler.Single.Body)!["tools"]);
        var update = Assert.Single(updates);
        var call = Assert.Single(update.Contents.OfType<FunctionCallContent>());
        Assert.Equal("call_1", call.CallId);
        Assert.Equal(14, Assert.Single(update.Contents.OfType<UsageContent>()).Details.TotalTokenCount);
        Assert.Equal(ChatFinishReason.ToolCalls, update.FinishReason);
        Assert.NotNull(update.ResponseId);
        Assert.Equal(update.ResponseId, update.MessageId);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_WithReasoning_UsesTheChatEndpoint()
    {
        var handler = RecordingHandler.Json("""{"text":"42","thinking":"6*7"}""");
        using var client = TestClient.Create(handler);

        var update = Assert.Single(await client.GetStreamingResponseAsync(
            "Q", new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low } }, Token).ToListAsync(Token));

        Assert.EndsWith("/chat", handler.Single.Uri.AbsolutePath);
        Assert.Equal("6*7", Assert.IsType<TextReasoningContent>(update.Contents[0]).Text);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_ToolModeNone_StreamsText()
    {
        var handler = Streaming(() => new ScriptedStream(Chunks("plain")));
        using var client = TestClient.Create(handler);

        await client.GetStreamingResponseAsync(
            "Q", new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")], ToolMode = ChatToolMode.None }, Token).ToListAsync(Token);

        Assert.EndsWith("/chat/stream", handler.Single.Uri.AbsolutePath);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_ErrorStatus_ThrowsRunflowExceptionBeforeAnyUpdate()
    {
        using var client = TestClient.Create(RecordingHandler.Json("""{"error":"bad model"}""", HttpStatusCode.BadRequest));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetStreamingResponseAsync("Hi", cancellationToken: Token).ToListAsync(Token).AsTask());

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("bad model", error.ServerMessage);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_ConnectionDropsMidStream_ThrowsAfterTheReceivedText()
    {
        using var client = TestClient.Create(Streaming(() => new ScriptedStream(Chunks("partial "), failWith: new IOException("The response ended prematurely."))));
        var received = new StringBuilder();

        var error = await Assert.ThrowsAsync<RunflowException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("Hi", cancellationToken: Token))
            {
                received.Append(update.Text);
            }
        });

        Assert.Equal("partial ", received.ToString());
        Assert.Contains("ended prematurely", error.ToString());
        Assert.IsType<IOException>(error.InnerException);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_StalledStream_FailsAfterTheIdleTimeout()
    {
        using var client = TestClient.Create(
            Streaming(() => new ScriptedStream(Chunks("first"), stallAtEnd: true)),
            o => o.StreamIdleTimeout = TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetStreamingResponseAsync("Hi", cancellationToken: Token).ToListAsync(Token).AsTask());

        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Contains("StreamIdleTimeout", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_SlowConsumer_DoesNotTripTheIdleTimeout()
    {
        using var client = TestClient.Create(
            Streaming(() => new ScriptedStream(Chunks("a", "b", "c"))),
            o => o.StreamIdleTimeout = TimeSpan.FromMilliseconds(100));
        var received = new StringBuilder();

        await foreach (var update in client.GetStreamingResponseAsync("Hi", cancellationToken: Token))
        {
            received.Append(update.Text);
            await Task.Delay(250, Token);
        }

        Assert.Equal("abc", received.ToString());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_CallerCancelsMidStream_ThrowsOperationCanceled()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        using var client = TestClient.Create(Streaming(() => new ScriptedStream(Chunks("first"), stallAtEnd: true)));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("Hi", cancellationToken: cts.Token))
            {
                cts.Cancel();
            }
        });

        Assert.Equal(cts.Token, error.CancellationToken);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_ConsumerStopsEarly_DisposesTheResponse()
    {
        var stream = new ScriptedStream(Chunks("a", "b", "c"));
        var disposed = false;
        using var client = TestClient.Create(new RecordingHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new DisposeTrackingContent(stream, () => disposed = true),
        })));

        await foreach (var update in client.GetStreamingResponseAsync("Hi", cancellationToken: Token))
        {
            break;
        }

        Assert.True(disposed);
        Assert.Equal(1, stream.Reads);
    }

    private sealed class DisposeTrackingContent(Stream stream, Action onDispose) : StreamContent(stream)
    {
        protected override void Dispose(bool disposing)
        {
            onDispose();
            base.Dispose(disposing);
        }
    }
}
