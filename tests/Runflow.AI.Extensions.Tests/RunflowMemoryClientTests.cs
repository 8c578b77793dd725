using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>The exact memory requests, every answer shape, tool calls kept through memory, id checks and errors, over the HTTP seam.</summary>
public sealed class RunflowMemoryClientTests
{
    private const string Memory = """
        {"success":true,"data":{"sessionId":"user:alice","messages":[
          {"role":"user","content":"I live in Porto.","timestamp":"2025-01-02T03:04:05Z"},
          null,
          {"role":"assistant","content":"Noted.","metadata":{"k":1},"timestamp":1735787045000}],
          "entities":{},"summary":"Alice lives in Porto.","metadata":{"channel":"web"}}}
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RunflowMemoryClient Create(HttpMessageHandler handler, Action<RunflowClientOptions>? configure = null) =>
        new(TestClient.Options(configure), new HttpClient(handler));

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetAsync_Request_IsAGetOfTheEscapedId()
    {
        var handler = RecordingHandler.Json(Memory);
        using var client = Create(handler, o => o.TenantId = "tenant_1");

        await client.GetAsync("user:alice", Token);

        RecordedRequest request = handler.Single;
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("https://runflow.test/api/v1/runtime/v1/memory/user%3Aalice", request.Uri.AbsoluteUri);
        Assert.Equal(TestClient.ApiKey, request.Header("x-api-key"));
        Assert.Equal("tenant_1", request.Header("x-runflow-tenant-id"));
        Assert.Equal(string.Empty, request.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetAsync_Envelope_MapsMessagesSummaryMetadataAndTimestamps()
    {
        using var client = Create(RecordingHandler.Json(Memory));

        RunflowMemory? memory = await client.GetAsync("user:alice", Token);

        Assert.NotNull(memory);
        Assert.Equal("user:alice", memory.MemoryId);
        Assert.Equal("Alice lives in Porto.", memory.Summary);
        Assert.Equal("web", memory.Metadata!["channel"].GetString());
        Assert.Collection(
            memory.Messages,
            m =>
            {
                Assert.Equal(ChatRole.User, m.Role);
                Assert.Equal("I live in Porto.", m.Content);
                Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), m.Timestamp);
            },
            m =>
            {
                Assert.Equal(ChatRole.Assistant, m.Role);
                Assert.Equal(1, m.Metadata!["k"].GetInt32());
                Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), m.Timestamp);
            });
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetAsync_BareAnswer_IsReadToo()
    {
        using var client = Create(RecordingHandler.Json("""{"sessionId":"s1","messages":[{"role":"user","content":"Hi"}]}"""));

        RunflowMemory? memory = await client.GetAsync("s1", Token);

        Assert.Equal("Hi", Assert.Single(memory!.Messages).Content);
        Assert.Null(memory.Summary);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetAsync_UnknownMemory_ReturnsNull()
    {
        using var client = Create(RecordingHandler.Json("""{"success":false}"""));

        Assert.Null(await client.GetAsync("s1", Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task SetAsync_Request_IsTheDocumentedPut()
    {
        var handler = RecordingHandler.Json(string.Empty);
        using var client = Create(handler);
        using var metadata = JsonDocument.Parse("""{"channel":"web"}""");

        await client.SetAsync(
            "s1",
            [new RunflowMemoryMessage(ChatRole.User, "I live in Porto."), new RunflowMemoryMessage(ChatRole.Assistant, "Noted.")],
            new Dictionary<string, JsonElement> { ["channel"] = metadata.RootElement.GetProperty("channel") },
            Token);

        RecordedRequest request = handler.Single;
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/api/v1/runtime/v1/memory/s1", request.Uri.AbsolutePath);
        TestClient.AssertJson("""{"messages":[{"role":"user","content":"I live in Porto."},{"role":"assistant","content":"Noted."}],"metadata":{"channel":"web"}}""", request.Body);
        Assert.Equal(1, handler.SchemaChecks);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AppendAsync_Request_IsTheDocumentedBody()
    {
        var handler = RecordingHandler.Json(string.Empty);
        using var client = Create(handler);

        await client.AppendAsync("session-42", new RunflowMemoryMessage(ChatRole.User, "Hello"), Token);

        RecordedRequest request = handler.Single;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/api/v1/runtime/v1/memory/session-42/append", request.Uri.AbsolutePath);
        TestClient.AssertJson("""{"role":"user","content":"Hello"}""", request.Body);
        Assert.Equal(1, handler.SchemaChecks);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AppendAsync_ToolCallsAndResults_TravelAsReadableTextWithTheMessageInMetadata()
    {
        var handler = RecordingHandler.Json(string.Empty);
        using var client = Create(handler);
        var call = new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Lisbon" })]);
        var result = new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", "Sunny, 21°C")]);

        await client.AppendAsync("s1", RunflowMemoryMessage.FromChatMessage(call), Token);
        await client.AppendAsync("s1", RunflowMemoryMessage.FromChatMessage(result), Token);

        using JsonDocument sentCall = JsonDocument.Parse(handler.Requests[0].Body);
        using JsonDocument sentResult = JsonDocument.Parse(handler.Requests[1].Body);
        Assert.Equal("assistant", sentCall.RootElement.GetProperty("role").GetString());
        Assert.Equal("""[tool call get_weather {"city":"Lisbon"}]""", sentCall.RootElement.GetProperty("content").GetString());
        Assert.Equal("assistant", sentResult.RootElement.GetProperty("role").GetString());
        Assert.Equal("[tool result call_1: Sunny, 21°C]", sentResult.RootElement.GetProperty("content").GetString());
        Assert.Equal(JsonValueKind.Object, sentResult.RootElement.GetProperty("metadata").GetProperty(RunflowMemoryMessage.ChatMessageMetadataKey).ValueKind);
    }

    [Fact]
    public void ToChatMessage_OfAStoredToolCallAndResult_RestoresTheirContents()
    {
        var call = RunflowMemoryMessage.FromChatMessage(new ChatMessage(ChatRole.Assistant, [new TextContent("Checking."), new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Lisbon" })]));
        var result = RunflowMemoryMessage.FromChatMessage(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", "Sunny")]));

        // Through the wire form, as a memory GET would bring them back.
        ChatMessage restoredCall = Reread(call).ToChatMessage();
        ChatMessage restoredResult = Reread(result).ToChatMessage();

        Assert.Equal(ChatRole.Assistant, restoredCall.Role);
        Assert.Equal("Checking.", restoredCall.Text);
        FunctionCallContent function = Assert.Single(restoredCall.Contents.OfType<FunctionCallContent>());
        Assert.Equal(("call_1", "get_weather", "Lisbon"), (function.CallId, function.Name, function.Arguments!["city"]!.ToString()));
        Assert.Equal(ChatRole.Tool, restoredResult.Role);
        FunctionResultContent output = Assert.IsType<FunctionResultContent>(Assert.Single(restoredResult.Contents));
        Assert.Equal(("call_1", "Sunny"), (output.CallId, output.Result!.ToString()));

        static RunflowMemoryMessage Reread(RunflowMemoryMessage message) => new(
            message.Role, message.Content, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(message.Metadata)));
    }

    [Fact]
    public void FromChatMessage_PlainText_KeepsNoMetadata()
    {
        RunflowMemoryMessage message = RunflowMemoryMessage.FromChatMessage(new ChatMessage(ChatRole.User, "Hello"));

        Assert.Equal((ChatRole.User, "Hello"), (message.Role, message.Content));
        Assert.Null(message.Metadata);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AppendAsync_ToolRole_IsRefusedBeforeSending()
    {
        var handler = RecordingHandler.Json(string.Empty);
        using var client = Create(handler);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.AppendAsync("s1", new RunflowMemoryMessage(ChatRole.Tool, "x"), Token));

        Assert.Equal("message", error.ParamName);
        Assert.Empty(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task SearchAsync_Request_AndEveryAnswerShape()
    {
        string[] answers =
        [
            """[{"role":"user","content":"I live in Porto.","timestamp":"2025-01-02T03:04:05Z","metadata":null}]""",
            """{"success":true,"data":[{"role":"user","content":"I live in Porto."}]}""",
            """{"results":[{"role":"user","content":"I live in Porto."}]}""",
        ];

        foreach (string answer in answers)
        {
            var handler = RecordingHandler.Json(answer);
            using var client = Create(handler);

            IReadOnlyList<RunflowMemoryMessage> found = await client.SearchAsync("s1", "Where do I live?", 3, Token);

            Assert.Equal("I live in Porto.", Assert.Single(found).Content);
            Assert.Equal("/api/v1/runtime/v1/memory/s1/search", handler.Single.Uri.AbsolutePath);
            TestClient.AssertJson("""{"query":"Where do I live?","limit":3}""", handler.Single.Body);
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task SummarizeAsync_Request_SendsTheProviderAndReadsEveryAnswerShape()
    {
        (string Body, string MediaType)[] answers =
        [
            ("""{"success":true,"data":{"summary":"Alice lives in Porto."}}""", "application/json"),
            ("\"Alice lives in Porto.\"", "application/json"),
            ("Alice lives in Porto.", "text/plain"),
        ];

        foreach ((string body, string mediaType) in answers)
        {
            var handler = RecordingHandler.Text(body, mediaType);
            using var client = Create(handler);

            string summary = await client.SummarizeAsync("s1", modelId: "gpt-4o-mini", cancellationToken: Token);

            Assert.Equal("Alice lives in Porto.", summary);
            Assert.Equal("/api/v1/runtime/v1/memory/s1/summarize", handler.Single.Uri.AbsolutePath);
            TestClient.AssertJson("""{"model":"gpt-4o-mini","provider":"openai"}""", handler.Single.Body);
        }
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("../chat")]
    [InlineData("a/b")]
    [InlineData("a?admin=1")]
    [InlineData("a#b")]
    [InlineData("a\\b")]
    [InlineData("..")]
    [InlineData("a\nb")]
    [InlineData("a\u007fb")]
    [InlineData(" ")]
    [InlineData("")]
    public async Task EveryCall_MemoryIdThatCouldLeaveThePath_IsRefusedBeforeSending(string memoryId)
    {
        var handler = RecordingHandler.Json(Memory);
        using var client = Create(handler);

        Func<Task>[] calls =
        [
            () => client.GetAsync(memoryId, Token),
            () => client.SetAsync(memoryId, [], cancellationToken: Token),
            () => client.AppendAsync(memoryId, new RunflowMemoryMessage(ChatRole.User, "x"), Token),
            () => client.SearchAsync(memoryId, "x", cancellationToken: Token),
            () => client.SummarizeAsync(memoryId, cancellationToken: Token),
        ];

        foreach (Func<Task> call in calls)
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(call);
            Assert.Equal("memoryId", error.ParamName);
        }

        Assert.Empty(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetAsync_LongMemoryId_IsRefused()
    {
        using var client = Create(RecordingHandler.Json(Memory));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetAsync(new string('a', 257), Token));

        Assert.Contains("at most 256 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetAsync_ReservedCharacters_AreEscapedIntoOneSegment()
    {
        var handler = RecordingHandler.Json(Memory);
        using var client = Create(handler);

        await client.GetAsync("order:%2F 1&x", Token);

        Assert.Equal("/api/v1/runtime/v1/memory/order%3A%252F%201%26x", handler.Single.Uri.AbsolutePath);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AppendAsync_FailureEnvelope_IsARunflowExceptionWithTheServersMessage()
    {
        using var client = Create(RecordingHandler.Json("""{"success":false,"error":"Memory quota exceeded"}"""));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.AppendAsync("s1", new RunflowMemoryMessage(ChatRole.User, "x"), Token));

        Assert.Equal("Memory quota exceeded", error.ServerMessage);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetAsync_HttpError_KeepsTheStatusAndRedactsTheKey()
    {
        using var client = Create(RecordingHandler.Json($$"""{"error":"bad key {{TestClient.ApiKey}}"}""", HttpStatusCode.Unauthorized));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetAsync("s1", Token));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.DoesNotContain(TestClient.ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetAsync_NotJson_IsARunflowExceptionNamingTheAnswer()
    {
        using var client = Create(RecordingHandler.Text("<html>", "text/html"));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetAsync("s1", Token));

        Assert.Contains("not a memory", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetAsync_MemoryPath_IsConfigurable()
    {
        var handler = RecordingHandler.Json(Memory);
        using var client = Create(handler, o => { o.Endpoint = new Uri("https://gw.test/base"); o.MemoryPath = "/v2/memory/"; });

        await client.GetAsync("s1", Token);

        Assert.Equal("https://gw.test/base/v2/memory/s1", handler.Single.Uri.AbsoluteUri);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowMemoryClient_SendsThroughTheRegistrationsHttpClient()
    {
        var handler = RecordingHandler.Json(Memory);
        var services = new ServiceCollection();
        services.AddRunflowMemoryClient(o => { o.Endpoint = new Uri("https://runflow.test/"); o.ApiKey = TestClient.ApiKey; });
        services.AddHttpClient(RunflowServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        RunflowMemory? memory = await provider.GetRequiredService<RunflowMemoryClient>().GetAsync("user:alice", Token);

        Assert.Equal("user:alice", memory!.MemoryId);
        Assert.Single(handler.Requests);
        Assert.Same(provider.GetRequiredService<RunflowMemoryClient>(), provider.GetRequiredService<RunflowMemoryClient>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddKeyedRunflowMemoryClient_ResolvesUnderItsKey()
    {
        var services = new ServiceCollection();
        services.AddKeyedRunflowMemoryClient("support", o => { o.Endpoint = new Uri("https://runflow.test/"); o.ApiKey = TestClient.ApiKey; });
        await using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredKeyedService<RunflowMemoryClient>("support"));
        Assert.Null(provider.GetService<RunflowMemoryClient>());
    }
}
