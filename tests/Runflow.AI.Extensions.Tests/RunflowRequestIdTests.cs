using System.Net;
using System.Text;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>The request id of a successful answer reaches the caller under <see cref="RunflowResponseProperties.RequestId"/>, redacted.</summary>
public sealed class RunflowRequestIdTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RecordingHandler Answer(string body, string mediaType, params (string Name, string Value)[] headers) =>
        new((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return Task.FromResult(response);
        });

    [Fact]
    public void RequestId_IsTheDocumentedKey() => Assert.Equal("runflow.request_id", RunflowResponseProperties.RequestId);

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("x-request-id")]
    [InlineData("request-id")]
    [InlineData("x-runflow-request-id")]
    [InlineData("x-correlation-id")]
    public async Task GetResponseAsync_AnyRequestIdHeader_IsInAdditionalProperties(string header)
    {
        using var client = TestClient.Create(Answer(TestClient.HelloResponse, "application/json", (header, "req_42")));

        var response = await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal("req_42", response.AdditionalProperties![RunflowResponseProperties.RequestId]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_RequestIdAndUnknownFields_AreBothKept()
    {
        using var client = TestClient.Create(Answer("""{"text":"hi","traceId":"t-1"}""", "application/json", ("x-request-id", "req_1")));

        var response = await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal("req_1", response.AdditionalProperties![RunflowResponseProperties.RequestId]);
        Assert.Equal("t-1", Assert.IsType<System.Text.Json.JsonElement>(response.AdditionalProperties["traceId"]).GetString());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_NoRequestIdHeader_AddsNothing()
    {
        using var client = TestClient.Create(RecordingHandler.Json(TestClient.HelloResponse));

        var response = await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Null(response.AdditionalProperties);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_RequestIdReflectingTheKey_IsRedacted()
    {
        using var client = TestClient.Create(Answer(TestClient.HelloResponse, "application/json", ("x-request-id", $"req-{TestClient.ApiKey}")));

        var response = await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal("req-***", response.AdditionalProperties![RunflowResponseProperties.RequestId]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_RequestIdWithALineBreak_IsLeftOutAndTheNextHeaderIsRead()
    {
        using var client = TestClient.Create(Answer(
            TestClient.HelloResponse, "application/json", ("x-request-id", "req_1\r\nx-injected: 1"), ("request-id", "req_2")));

        var response = await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal("req_2", response.AdditionalProperties![RunflowResponseProperties.RequestId]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_RequestIdHeaderGivenTwice_JoinsItsValuesWithCommas()
    {
        using var client = TestClient.Create(Answer(TestClient.HelloResponse, "application/json", ("X-Request-Id", "req_a"), ("x-request-id", "req_b")));

        var response = await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal("req_a,req_b", response.AdditionalProperties![RunflowResponseProperties.RequestId]);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("Hello, world", "text/plain")]
    [InlineData("data: {\"text\":\"Hello\"}\n\ndata: [DONE]\n\n", "text/event-stream")]
    [InlineData("""{"text":"Hello"}""", "application/json")]
    public async Task GetStreamingResponseAsync_AnyBodyForm_PutsTheRequestIdOnTheLastUpdateAndItsMessage(string body, string mediaType)
    {
        using var client = TestClient.Create(Answer(body, mediaType, ("x-request-id", "req_stream")));

        var updates = await client.GetStreamingResponseAsync("Hi", cancellationToken: Token).ToListAsync(Token);

        Assert.Equal("req_stream", updates[^1].AdditionalProperties![RunflowResponseProperties.RequestId]);
        // Combining updates moves their properties to the message they belong to.
        Assert.Equal("req_stream", updates.ToChatResponse().Messages[^1].AdditionalProperties![RunflowResponseProperties.RequestId]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_ServedByTheChatEndpoint_CarriesTheRequestId()
    {
        using var client = TestClient.Create(Answer("""{"toolCalls":[{"id":"c1","name":"f","arguments":"{}"}]}""", "application/json", ("x-request-id", "req_tools")));
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "f")] };

        var update = Assert.Single(await client.GetStreamingResponseAsync("Hi", options, Token).ToListAsync(Token));

        Assert.Equal("req_tools", update.AdditionalProperties![RunflowResponseProperties.RequestId]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_OneRequest_HasItsRequestId()
    {
        var handler = Answer("""{"embeddings":[[1.0]]}""", "application/json", ("request-id", "req_embed"));
        using var generator = new RunflowEmbeddingGenerator(TestClient.Options(o => o.TenantId = "t"), new HttpClient(handler));

        var embeddings = await generator.GenerateAsync(["a"], cancellationToken: Token);

        Assert.Equal("req_embed", embeddings.AdditionalProperties![RunflowResponseProperties.RequestId]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_SeveralBatches_ListsEachRequestIdInOrder()
    {
        var count = 0;
        var handler = new RecordingHandler((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"embeddings":[[1.0]]}""", Encoding.UTF8, "application/json") };
            response.Headers.TryAddWithoutValidation("x-request-id", $"req_{Interlocked.Increment(ref count)}");
            return Task.FromResult(response);
        });
        using var generator = new RunflowEmbeddingGenerator(TestClient.Options(o => { o.TenantId = "t"; o.MaxEmbeddingBatchSize = 1; }), new HttpClient(handler));

        var embeddings = await generator.GenerateAsync(["a", "b", "c"], cancellationToken: Token);

        Assert.Equal("req_1,req_2,req_3", embeddings.AdditionalProperties![RunflowResponseProperties.RequestId]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_NoRequestIdHeader_AddsNothing()
    {
        var handler = RecordingHandler.Json("""{"embeddings":[[1.0]]}""");
        using var generator = new RunflowEmbeddingGenerator(TestClient.Options(o => o.TenantId = "t"), new HttpClient(handler));

        var embeddings = await generator.GenerateAsync(["a"], cancellationToken: Token);

        Assert.Null(embeddings.AdditionalProperties);
    }
}
