using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>Every failure ends in a documented exception with a useful message and no API key.</summary>
public sealed class RunflowChatClientErrorTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(400, """{"success":false,"error":"No credential configured for ANTHROPIC"}""", "No credential configured for ANTHROPIC")]
    [InlineData(401, """{"message":"Invalid API key"}""", "Invalid API key")]
    [InlineData(403, """{"error":{"message":"Project is disabled","code":"forbidden"}}""", "Project is disabled")]
    [InlineData(404, """{"detail":"Not found"}""", "Not found")]
    [InlineData(429, "Too many requests, slow down", "Too many requests, slow down")]
    [InlineData(500, "", null)]
    [InlineData(502, "<html><body>Bad gateway</body></html>", null)]
    [InlineData(503, """{"error":42}""", null)]
    public async Task GetResponseAsync_ErrorStatus_ThrowsRunflowExceptionWithServerMessage(int status, string body, string? serverMessage)
    {
        using var client = TestClient.Create(RecordingHandler.Text(body, "application/json", (HttpStatusCode)status));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(serverMessage, error.ServerMessage);
        Assert.StartsWith($"Runflow returned {status} (", error.Message);
        Assert.Contains(serverMessage ?? "no error message", error.Message);
        Assert.Equal(body, error.ResponseBody);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_RetryAfterSeconds_IsReported()
    {
        using var client = TestClient.Create(RecordingHandler.Json("""{"error":"rate limited"}""", HttpStatusCode.TooManyRequests, r =>
        {
            r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            r.Headers.Add("x-request-id", "req_abc");
        }));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Equal("req_abc", error.RequestId);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_RetryAfterDate_IsMeasuredFromTheClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        var handler = RecordingHandler.Json("{}", HttpStatusCode.ServiceUnavailable, r =>
            r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(30)));
        using var client = TestClient.Create(handler, timeProvider: time);

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_HugeErrorBody_IsTruncated()
    {
        using var client = TestClient.Create(RecordingHandler.Text(new string('x', 100_000), "text/plain", HttpStatusCode.InternalServerError));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal(4097, error.ResponseBody!.Length);
        Assert.True(error.Message.Length < 700);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ServerEchoesTheKey_KeyIsRedacted()
    {
        var body = $$"""{"error":"Key {{TestClient.ApiKey}} is not valid for project proj_1"}""";
        using var client = TestClient.Create(RecordingHandler.Json(body, HttpStatusCode.Unauthorized));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.DoesNotContain(TestClient.ApiKey, error.ToString());
        Assert.DoesNotContain(TestClient.ApiKey, error.ResponseBody);
        Assert.DoesNotContain(TestClient.ApiKey, error.ServerMessage);
        Assert.Contains("Key *** is not valid", error.Message);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("{\"text\":\"trunc", "application/json")]
    [InlineData("", "application/json")]
    [InlineData("Hello there", "text/plain")]
    [InlineData("<html>oops</html>", "text/html")]
    [InlineData("null", "application/json")]
    [InlineData("[1,2,3]", "application/json")]
    [InlineData("{\"toolCalls\":\"oops\"}", "application/json")]
    public async Task GetResponseAsync_SuccessWithUnreadableBody_ThrowsRunflowException(string body, string mediaType)
    {
        using var client = TestClient.Create(RecordingHandler.Text(body, mediaType));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("not a chat response", error.Message);
        Assert.Contains(mediaType, error.Message);
        Assert.Equal(body, error.ResponseBody);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_SuccessEnvelopeReportingFailure_ThrowsRunflowException()
    {
        using var client = TestClient.Create(RecordingHandler.Json("""{"success":false,"error":"Model not allowed"}"""));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal("Model not allowed", error.ServerMessage);
        Assert.Contains("Model not allowed", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ConnectionFails_ThrowsRunflowExceptionWithCause()
    {
        var cause = new HttpRequestException("Connection refused (runflow.test:443)");
        using var client = TestClient.Create(new RecordingHandler((_, _) => throw cause));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Same(cause, error.InnerException);
        Assert.Null(error.StatusCode);
        Assert.Contains("https://runflow.test", error.Message);
        Assert.Contains("Connection refused", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_BodyBreaksMidway_ThrowsRunflowException()
    {
        using var client = TestClient.Create(new RecordingHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new ScriptedStream(Encoding.UTF8.GetBytes("{\"text\":\"par"), failWith: new IOException("The response ended prematurely."))),
        })));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.IsType<IOException>(error.InnerException);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_SlowerThanNetworkTimeout_ThrowsRunflowExceptionWithTimeout()
    {
        using var client = TestClient.Create(
            new RecordingHandler(async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return null!; }),
            o => o.NetworkTimeout = TimeSpan.FromMilliseconds(100));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Contains("NetworkTimeout", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var started = new TaskCompletionSource();
        using var client = TestClient.Create(new RecordingHandler(async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return null!;
        }));

        var call = client.GetResponseAsync("Hi", cancellationToken: cts.Token);
        await started.Task;
        cts.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cts.Token, error.CancellationToken);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_AlreadyCancelled_SendsNothing()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync("Hi", cancellationToken: new CancellationToken(canceled: true)));

        Assert.Empty(handler.Requests);
    }
}
