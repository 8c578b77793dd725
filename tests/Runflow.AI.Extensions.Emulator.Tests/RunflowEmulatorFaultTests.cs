using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

public sealed class RunflowEmulatorFaultTests
{
    private static Task<HttpResponseMessage> SendHeadersFirstAsync(EmulatorHarness harness, string path, CancellationToken cancellationToken) =>
        harness.Http.SendAsync(harness.Message(path, EmulatorHarness.Request("Tell me a long story about faults").ToJsonString()), HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    [Fact(Timeout = TestBounds.Test)]
    public async Task TooManyRequests_Returns429WithRetryAfterSeconds()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.TooManyRequests(TimeSpan.FromSeconds(7)));

        using HttpResponseMessage response = await harness.PostChatAsync(EmulatorHarness.Request("x"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();
        Assert.False(error["success"]!.GetValue<bool>());
        Assert.Contains("Rate limit", error["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(RunflowEmulatorFault.TooManyRequests, Assert.Single(harness.Emulator.Requests).Fault);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task TooManyRequests_WithoutWait_UsesTheOptionsRetryAfterRoundedUp()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { RetryAfter = TimeSpan.FromMilliseconds(1500) });
        harness.Emulator.Enqueue(RunflowEmulatorReply.TooManyRequests());

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.StreamPath, EmulatorHarness.Request("x").ToJsonString());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("2", Assert.Single(response.Headers.GetValues("Retry-After")));
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(EmulatorHarness.ChatPath)]
    [InlineData(EmulatorHarness.StreamPath)]
    public async Task InternalServerError_Returns500WithErrorBody(string path)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.InternalServerError());

        using HttpResponseMessage response = await harness.PostAsync(path, EmulatorHarness.Request("x").ToJsonString());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("""{"success":false,"error":"Internal server error."}""", await response.Content.ReadAsStringAsync(EmulatorHarness.Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task ServiceUnavailable_Returns503WithErrorBody()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.ServiceUnavailable());

        using HttpResponseMessage response = await harness.PostChatAsync(EmulatorHarness.Request("x"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Service unavailable", await response.Content.ReadAsStringAsync(EmulatorHarness.Token), StringComparison.Ordinal);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(EmulatorHarness.ChatPath)]
    [InlineData(EmulatorHarness.StreamPath)]
    public async Task MalformedJson_Returns200WithACutJsonBody(string path)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.MalformedJson());

        using HttpResponseMessage response = await harness.PostAsync(path, EmulatorHarness.Request("hello there").ToJsonString());
        string body = await response.Content.ReadAsStringAsync(EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("{\"text\":", body, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task SlowFirstByte_HeadersArriveOnlyAfterTheDelay()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.SlowFirstByte(TimeSpan.FromMilliseconds(500)));

        var clock = Stopwatch.StartNew();
        using HttpResponseMessage response = await SendHeadersFirstAsync(harness, EmulatorHarness.ChatPath, EmulatorHarness.Token);
        TimeSpan elapsed = clock.Elapsed;
        JsonObject reply = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();

        Assert.True(elapsed >= TimeSpan.FromMilliseconds(480), $"headers after {elapsed}");
        Assert.Equal("You said: \"Tell me a long story about faults\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task SlowFirstByte_ClientTimeoutShorterThanTheDelay_TimesOut()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { SlowFirstByteDelay = TimeSpan.FromSeconds(20) });
        harness.Emulator.Enqueue(new RunflowEmulatorReply { Fault = RunflowEmulatorFault.SlowFirstByte });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(EmulatorHarness.Token);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(300));

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SendHeadersFirstAsync(harness, EmulatorHarness.ChatPath, timeout.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"gave up after {clock.Elapsed}, not long before the 20 s delay");
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task StalledStream_SendsSomeChunksThenNothingWithTheConnectionOpen()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { StreamChunkSize = 4 });
        harness.Emulator.Enqueue(RunflowEmulatorReply.StalledStream(bytesBeforeStall: 8));

        using HttpResponseMessage response = await SendHeadersFirstAsync(harness, EmulatorHarness.StreamPath, EmulatorHarness.Token);
        await using Stream body = await response.Content.ReadAsStreamAsync(EmulatorHarness.Token);
        var buffer = new byte[64];
        // Throws EndOfStreamException if the body ends before the bytes it must send first.
        int received = await body.ReadAtLeastAsync(buffer, 8, throwOnEndOfStream: true, EmulatorHarness.Token);

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(EmulatorHarness.Token);
        wait.CancelAfter(TimeSpan.FromMilliseconds(400));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            int more = await body.ReadAsync(buffer.AsMemory(received), wait.Token);
            Assert.Fail($"the stalled stream sent {more} more bytes");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(8, received);
        Assert.Equal("You said", System.Text.Encoding.UTF8.GetString(buffer, 0, received));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task StalledStream_EmulatorStops_ConnectionEndsWithAFailureNotACleanEnd()
    {
        var harness = await EmulatorHarness.StartAsync();
        try
        {
            harness.Emulator.Enqueue(RunflowEmulatorReply.StalledStream(bytesBeforeStall: 5));
            using HttpResponseMessage response = await SendHeadersFirstAsync(harness, EmulatorHarness.StreamPath, EmulatorHarness.Token);
            await using Stream body = await response.Content.ReadAsStreamAsync(EmulatorHarness.Token);
            var buffer = new byte[64];
            int received = await body.ReadAtLeastAsync(buffer, 5, throwOnEndOfStream: true, EmulatorHarness.Token);

            // The stalled stream is in hand: stopping the emulator must break it off, not end it cleanly.
            Task<int> more = body.ReadAsync(buffer.AsMemory(received), EmulatorHarness.Token).AsTask();
            var clock = Stopwatch.StartNew();
            await harness.Emulator.StopAsync(EmulatorHarness.Token);
            Exception? failure = await Record.ExceptionAsync(() => more.WaitAsync(TimeSpan.FromSeconds(5), EmulatorHarness.Token));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {clock.Elapsed}");
            Assert.Equal(5, received);
            Assert.True(failure is IOException or HttpRequestException, $"expected a transport failure, got {failure?.GetType().Name ?? "a clean end"}");
        }
        finally
        {
            await harness.DisposeAsync();
        }
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(EmulatorHarness.ChatPath)]
    [InlineData(EmulatorHarness.StreamPath)]
    public async Task DroppedConnection_BodyBreaksOffAfterSomeBytes(string path)
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { StreamChunkSize = 4 });
        harness.Emulator.Enqueue(RunflowEmulatorReply.DroppedConnection(bytesBeforeDrop: 10));

        using HttpResponseMessage response = await SendHeadersFirstAsync(harness, path, EmulatorHarness.Token);
        (int received, Exception? failure) = await EmulatorHarness.DrainAsync(response, EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(10, received);
        Assert.True(failure is IOException or HttpRequestException, $"expected a transport failure, got {failure?.GetType().Name ?? "a clean end"}");
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task DroppedConnection_DefaultCut_IsHalfTheBody()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("Tell me a long story about faults");
        using HttpResponseMessage whole = await harness.PostChatAsync(request);
        long length = whole.Content.Headers.ContentLength!.Value;
        harness.Emulator.Enqueue(RunflowEmulatorReply.DroppedConnection());

        using HttpResponseMessage response = await SendHeadersFirstAsync(harness, EmulatorHarness.ChatPath, EmulatorHarness.Token);
        (int received, Exception? failure) = await EmulatorHarness.DrainAsync(response, EmulatorHarness.Token);

        Assert.Equal(length, response.Content.Headers.ContentLength);
        Assert.Equal(length / 2, received);
        Assert.NotNull(failure);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(EmulatorHarness.ChatPath)]
    [InlineData(EmulatorHarness.StreamPath)]
    public async Task CloseBeforeHeaders_RequestFailsWithoutAResponse(string path)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.CloseBeforeHeaders());

        await Assert.ThrowsAsync<HttpRequestException>(() => harness.PostAsync(path, EmulatorHarness.Request("x").ToJsonString()));

        RunflowEmulatorRequest recorded = Assert.Single(harness.Emulator.Requests);
        Assert.Equal(RunflowEmulatorFault.CloseBeforeHeaders, recorded.Fault);
        Assert.Equal(0, recorded.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task FaultRate_One_FaultsEveryRequestFromTheMix()
    {
        var options = new RunflowEmulatorOptions { FaultRate = 1 };
        options.FaultMix.Clear();
        options.FaultMix.Add(RunflowEmulatorFault.ServiceUnavailable);
        await using var harness = await EmulatorHarness.StartAsync(options);

        for (int i = 0; i < 3; i++)
        {
            using HttpResponseMessage response = await harness.PostChatAsync(EmulatorHarness.Request("x"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task FaultRate_QueuedReplies_ComeBeforeRandomFaults()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { FaultRate = 1 });
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromText("queued"));

        JsonObject reply = await harness.ChatAsync(EmulatorHarness.Request("x"));

        Assert.Equal("queued", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task FaultRate_SameSeed_GivesTheSameSequenceOfFaults()
    {
        async Task<List<int>> RunAsync(int seed)
        {
            await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { FaultRate = 0.5, Seed = seed });
            var statuses = new List<int>();
            for (int i = 0; i < 16; i++)
            {
                using HttpResponseMessage response = await harness.PostChatAsync(EmulatorHarness.Request("x"));
                statuses.Add((int)response.StatusCode);
            }

            return statuses;
        }

        List<int> first = await RunAsync(seed: 1234);
        List<int> second = await RunAsync(seed: 1234);

        Assert.Equal(first, second);
        Assert.Contains(200, first);
        Assert.Contains(first, s => s is 429 or 500 or 503);
    }
}
