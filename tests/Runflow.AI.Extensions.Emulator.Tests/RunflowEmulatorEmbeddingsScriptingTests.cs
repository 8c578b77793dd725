using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

public sealed class RunflowEmulatorEmbeddingsScriptingTests
{
    private static readonly string s_body = EmulatorHarness.EmbeddingsRequest("a long enough text to embed", "and another one").ToJsonString();

    private static Task<HttpResponseMessage> SendHeadersFirstAsync(EmulatorHarness harness, CancellationToken cancellationToken)
    {
        HttpRequestMessage message = harness.Message(EmulatorHarness.EmbeddingsPath, s_body);
        message.Headers.Add("x-runflow-tenant-id", EmulatorHarness.TenantId);
        return harness.Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("x-api-key")]
    [InlineData("Authorization")]
    public async Task Requests_Embeddings_AreRecordedWithTheKeyRedacted(string header)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.EmbeddingsRequest("record me", "and me");
        request["dimensions"] = 32;
        using HttpRequestMessage message = harness.Message(EmulatorHarness.EmbeddingsPath, request.ToJsonString(), EmulatorHarness.ApiKey, header);
        message.Headers.Add("x-runflow-tenant-id", "tenant_7");

        using HttpResponseMessage response = await harness.Http.SendAsync(message, EmulatorHarness.Token);

        RunflowEmulatorRequest recorded = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("POST", recorded.Method);
        Assert.Equal("/api/v1/runtime/v1/embeddings", recorded.Path);
        Assert.True(recorded.IsEmbeddings);
        Assert.False(recorded.IsStreaming);
        Assert.Equal(request.ToJsonString(), recorded.Body);
        Assert.Equal(["record me", "and me"], recorded.Json!["input"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal(32, recorded.Json["dimensions"]!.GetValue<int>());
        Assert.Equal("tenant_7", recorded.Headers["X-Runflow-Tenant-Id"]);
        Assert.True(recorded.HasApiKey);
        Assert.Equal(header, recorded.ApiKeyHeaderName);
        Assert.Equal(RunflowEmulatorRequest.RedactedValue, recorded.Headers[header]);
        Assert.DoesNotContain(recorded.Headers.Values, v => v.Contains(EmulatorHarness.ApiKey, StringComparison.Ordinal));
        Assert.Equal(200, recorded.StatusCode);
        Assert.Equal(RunflowEmulatorFault.None, recorded.Fault);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Requests_ChatAndEmbeddings_AreRecordedInArrivalOrder()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        await harness.ChatAsync(EmulatorHarness.Request("first"));
        await harness.EmbedAsync(EmulatorHarness.EmbeddingsRequest("second"));
        await harness.StreamAsync(EmulatorHarness.Request("third"));

        Assert.Equal(
            [(false, false), (false, true), (true, false)],
            harness.Emulator.Requests.Select(r => (r.IsStreaming, r.IsEmbeddings)));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task LoggerFactory_Set_LogsEmbeddingsAnswersButNeverTheKey()
    {
        var provider = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { LoggerFactory = loggerFactory });
        harness.Emulator.Enqueue(RunflowEmulatorReply.TooManyRequests());

        using HttpResponseMessage limited = await harness.PostEmbeddingsAsync(s_body);
        using HttpResponseMessage ok = await harness.PostEmbeddingsAsync(s_body);

        await provider.WhenLoggedAsync("POST /api/v1/runtime/v1/embeddings answered 429 (fault: TooManyRequests)");
        await provider.WhenLoggedAsync("POST /api/v1/runtime/v1/embeddings answered 200 (fault: None)");
        Assert.DoesNotContain(provider.Messages, m => m.Contains(EmulatorHarness.ApiKey, StringComparison.Ordinal));
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("""{"embeddings":[[0.1,0.2]]}""")]
    [InlineData("""{"success":true,"data":{"embeddings":[[0.5,-0.5],[1,0]]}}""")]
    [InlineData("""{"data":[{"index":1,"embedding":[2.5]},{"index":0,"embedding":[1.5]}],"model":"m","usage":{"promptTokens":3,"totalTokens":3}}""")]
    public async Task Enqueue_RawBodyOnTheEmbeddingsPath_IsSentVerbatimOnce(string raw)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromRawBody(raw));

        using HttpResponseMessage scripted = await harness.PostEmbeddingsAsync(s_body);
        JsonObject model = await harness.EmbedAsync(EmulatorHarness.EmbeddingsRequest("x"));

        Assert.Equal(HttpStatusCode.OK, scripted.StatusCode);
        Assert.Equal("application/json; charset=utf-8", scripted.Content.Headers.ContentType?.ToString());
        Assert.Equal(raw, await scripted.Content.ReadAsStringAsync(EmulatorHarness.Token));
        Assert.Equal(0, harness.Emulator.PendingReplyCount);
        Assert.Equal("list", model["object"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_RawBodyForAnInvalidEmbeddingsRequest_IsStillSentWithItsStatus()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromRawBody("upstream exploded", "text/plain; charset=utf-8", 502));

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync("""{"input":[]}""");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("upstream exploded", await response.Content.ReadAsStringAsync(EmulatorHarness.Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_Embeddings_ReplaceTheVectorsAndKeepTheModelsShapeAndUsage()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromEmbeddings([0.25f, -0.5f, 0.125f], [1f, 0f, 0f]));

        string body = await harness.EmbedTextAsync(EmulatorHarness.EmbeddingsRequest("one two", "three"));

        Assert.Equal(
            """{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.25,-0.5,0.125]},{"object":"embedding","index":1,"embedding":[1,0,0]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":3,"total_tokens":3}}""",
            body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_EmbeddingsWithModelUsageAndHeaders_AreSentAsScriptedInTheEnvelope()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { EmbeddingsEnvelope = true });
        harness.Emulator.Enqueue(new RunflowEmulatorReply
        {
            Embeddings = [[0.5f]],
            Model = "embed-english-v3.0",
            Usage = new RunflowEmulatorUsage { PromptTokens = 11 },
            Headers = { ["x-request-id"] = "req_emb_1" },
        });

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync(EmulatorHarness.EmbeddingsRequest("one", "two").ToJsonString());

        Assert.Equal("req_emb_1", Assert.Single(response.Headers.GetValues("x-request-id")));
        Assert.Equal(
            """{"success":true,"data":{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5]}],"model":"embed-english-v3.0","usage":{"prompt_tokens":11,"total_tokens":11}}}""",
            await response.Content.ReadAsStringAsync(EmulatorHarness.Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_ScriptedEmbeddingsForAnInvalidRequest_StillGets400()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromEmbeddings([1f]));

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync("""{"input":["a"],"dimensions":0}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("dimensions", await response.Content.ReadAsStringAsync(EmulatorHarness.Token), StringComparison.Ordinal);
        Assert.Equal(0, harness.Emulator.PendingReplyCount);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_ChatTextReplyOnTheEmbeddingsPath_IsUsedUpAndItsTextIgnored()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.EmbeddingsRequest("hello");
        string expected = await harness.EmbedTextAsync(request);
        harness.Emulator.Enqueue(new RunflowEmulatorReply { Text = "not a vector", Headers = { ["x-request-id"] = "req_2" } });

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync(request.ToJsonString());

        Assert.Equal("req_2", Assert.Single(response.Headers.GetValues("x-request-id")));
        Assert.Equal(expected, await response.Content.ReadAsStringAsync(EmulatorHarness.Token));
        Assert.Equal(0, harness.Emulator.PendingReplyCount);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_EmbeddingsReplyOnTheChatPath_IsIgnored()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromEmbeddings([1f, 2f]));

        JsonObject reply = await harness.ChatAsync(EmulatorHarness.Request("hi"));

        Assert.Equal("You said: \"hi\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
        Assert.Null(reply["data"]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_StatusCodeOnTheEmbeddingsPath_SendsTheScriptedError()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(new RunflowEmulatorReply { StatusCode = 400, Error = "No credential configured for COHERE" });

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync(s_body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"success":false,"error":"No credential configured for COHERE"}""", await response.Content.ReadAsStringAsync(EmulatorHarness.Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_RequestRejectedForItsTenant_DoesNotUseTheReply()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromRawBody("""{"embeddings":[[0.1]]}"""));

        using HttpResponseMessage rejected = await harness.PostEmbeddingsAsync(s_body, tenantId: null);
        using HttpResponseMessage accepted = await harness.PostEmbeddingsAsync(s_body);

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal("""{"embeddings":[[0.1]]}""", await accepted.Content.ReadAsStringAsync(EmulatorHarness.Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_EmbeddingsWithANaN_Returns500NamingTheFailure()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromEmbeddings([0.5f, float.NaN]));

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync(s_body);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();
        Assert.StartsWith("The emulator failed to answer:", error["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromEmbeddings_NullVector_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => RunflowEmulatorReply.FromEmbeddings([1f], null!));
        Assert.Throws<ArgumentNullException>(() => RunflowEmulatorReply.FromEmbeddings(null!));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task TooManyRequests_OnTheEmbeddingsPath_Returns429WithRetryAfter()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.TooManyRequests(TimeSpan.FromSeconds(3)));

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync(s_body);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Equal("""{"success":false,"error":"Rate limit exceeded; retry after 3 seconds."}""", await response.Content.ReadAsStringAsync(EmulatorHarness.Token));
        Assert.Equal(RunflowEmulatorFault.TooManyRequests, Assert.Single(harness.Emulator.Requests).Fault);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(RunflowEmulatorFault.InternalServerError, 500, """{"success":false,"error":"Internal server error."}""")]
    [InlineData(RunflowEmulatorFault.ServiceUnavailable, 503, """{"success":false,"error":"Service unavailable."}""")]
    public async Task ServerErrors_OnTheEmbeddingsPath_ReturnTheirStatusAndBody(RunflowEmulatorFault fault, int status, string expected)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(new RunflowEmulatorReply { Fault = fault });

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync(s_body);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync(EmulatorHarness.Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task MalformedJson_OnTheEmbeddingsPath_SendsTheFirstHalfOfTheEmbeddingsBody()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        string whole = await harness.EmbedTextAsync(JsonNode.Parse(s_body)!.AsObject());
        harness.Emulator.Enqueue(RunflowEmulatorReply.MalformedJson());

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync(s_body);
        string body = await response.Content.ReadAsStringAsync(EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(whole[..(Encoding.UTF8.GetByteCount(whole) / 2)], body);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task SlowFirstByte_OnTheEmbeddingsPath_AnswersAfterTheDelay()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.SlowFirstByte(TimeSpan.FromMilliseconds(400)));

        var clock = Stopwatch.StartNew();
        using HttpResponseMessage response = await SendHeadersFirstAsync(harness, EmulatorHarness.Token);
        TimeSpan elapsed = clock.Elapsed;
        JsonObject answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();

        Assert.True(elapsed >= TimeSpan.FromMilliseconds(380), $"headers after {elapsed}");
        Assert.Equal(2, EmulatorHarness.Vectors(answer).Length);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task DroppedConnection_OnTheEmbeddingsPath_BreaksOffAfterTheGivenBytes()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.DroppedConnection(bytesBeforeDrop: 100));

        using HttpResponseMessage response = await SendHeadersFirstAsync(harness, EmulatorHarness.Token);
        (int received, Exception? failure) = await EmulatorHarness.DrainAsync(response, EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Content.Headers.ContentLength > 100, $"Content-Length {response.Content.Headers.ContentLength}");
        Assert.Equal(100, received);
        Assert.True(failure is IOException or HttpRequestException, $"expected a transport failure, got {failure?.GetType().Name ?? "a clean end"}");
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task StalledStream_OnTheEmbeddingsPath_SendsSomeBytesThenNothing()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.StalledStream(bytesBeforeStall: 17));

        using HttpResponseMessage response = await SendHeadersFirstAsync(harness, EmulatorHarness.Token);
        await using Stream body = await response.Content.ReadAsStreamAsync(EmulatorHarness.Token);
        var buffer = new byte[64];
        // Throws EndOfStreamException if the body ends before the bytes it must send first.
        int received = await body.ReadAtLeastAsync(buffer, 17, throwOnEndOfStream: true, EmulatorHarness.Token);

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(EmulatorHarness.Token);
        wait.CancelAfter(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            int more = await body.ReadAsync(buffer.AsMemory(received), wait.Token);
            Assert.Fail($"the stalled body sent {more} more bytes");
        });

        Assert.Equal("""{"object":"list",""", Encoding.UTF8.GetString(buffer, 0, received));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task CloseBeforeHeaders_OnTheEmbeddingsPath_FailsWithoutAResponse()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.CloseBeforeHeaders());

        await Assert.ThrowsAsync<HttpRequestException>(() => harness.PostEmbeddingsAsync(s_body));

        RunflowEmulatorRequest recorded = Assert.Single(harness.Emulator.Requests);
        Assert.True(recorded.IsEmbeddings);
        Assert.Equal(RunflowEmulatorFault.CloseBeforeHeaders, recorded.Fault);
        Assert.Equal(0, recorded.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task FaultRate_One_FaultsEmbeddingsRequestsToo()
    {
        var options = new RunflowEmulatorOptions { FaultRate = 1 };
        options.FaultMix.Clear();
        options.FaultMix.Add(RunflowEmulatorFault.TooManyRequests);
        await using var harness = await EmulatorHarness.StartAsync(options);

        for (int i = 0; i < 3; i++)
        {
            using HttpResponseMessage response = await harness.PostEmbeddingsAsync(s_body);
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        }

        Assert.All(harness.Emulator.Requests, r => Assert.Equal(RunflowEmulatorFault.TooManyRequests, r.Fault));
    }
}
