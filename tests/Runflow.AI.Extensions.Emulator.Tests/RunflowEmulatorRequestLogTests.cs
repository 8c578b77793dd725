using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>The request record is a ring of the latest requests, and a body over the size bound is refused, not held.</summary>
public sealed class RunflowEmulatorRequestLogTests
{
    [Fact]
    public void Options_Default_KeepThe1000LatestRequestsAndAccept32MiBBodies()
    {
        var options = new RunflowEmulatorOptions();

        Assert.Equal(1_000, options.MaxRecordedRequests);
        Assert.Equal(32 * 1024 * 1024, options.MaxRequestBodySize);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Requests_MoreThanMaxRecordedRequests_KeepsTheLatestOldestFirst()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { MaxRecordedRequests = 3 });

        for (int i = 0; i < 5; i++)
        {
            await harness.ChatAsync(EmulatorHarness.Request($"message {i}"));
        }

        Assert.Equal(
            ["message 2", "message 3", "message 4"],
            harness.Emulator.Requests.Select(r => r.Json!["messages"]![0]!["content"]!.GetValue<string>()));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Requests_MaxRecordedRequestsZero_RecordsNoneAndStillAnswers()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { MaxRecordedRequests = 0 });

        JsonObject answer = await harness.ChatAsync(EmulatorHarness.Request("hi"));

        Assert.Equal("You said: \"hi\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", answer["text"]!.GetValue<string>());
        Assert.Empty(harness.Emulator.Requests);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chat_BodyOverMaxRequestBodySize_Returns413AndRecordsNoBody(bool chunked)
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { MaxRequestBodySize = 1024 });
        string body = EmulatorHarness.Request(new string('x', 4096)).ToJsonString();
        using HttpRequestMessage message = harness.Message(EmulatorHarness.ChatPath, body);
        message.Headers.TransferEncodingChunked = chunked;

        using HttpResponseMessage response = await harness.Http.SendAsync(message, EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();
        Assert.False(error["success"]!.GetValue<bool>());
        Assert.Contains("larger than 1024 bytes", error["error"]!.GetValue<string>(), StringComparison.Ordinal);
        RunflowEmulatorRequest recorded = Assert.Single(harness.Emulator.Requests);
        Assert.Equal(413, recorded.StatusCode);
        Assert.Equal(string.Empty, recorded.Body);
        Assert.Null(recorded.Json);

        JsonObject next = await harness.ChatAsync(EmulatorHarness.Request("hi"));
        Assert.Equal("You said: \"hi\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", next["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_BodyOfExactlyMaxRequestBodySize_IsAnswered()
    {
        string prefix = EmulatorHarness.Request(string.Empty).ToJsonString();
        string body = EmulatorHarness.Request(new string('x', 1024 - Encoding.UTF8.GetByteCount(prefix))).ToJsonString();
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(body));
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { MaxRequestBodySize = 1024 });

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.ChatPath, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(harness.Emulator.Requests).Body);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(-1, 1024)]
    [InlineData(10, -1)]
    public async Task StartAsync_NegativeRecordOrBodyBound_Throws(int maxRecordedRequests, long maxRequestBodySize)
    {
        await using var emulator = new RunflowEmulator(new RunflowEmulatorOptions { MaxRecordedRequests = maxRecordedRequests, MaxRequestBodySize = maxRequestBodySize });

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => emulator.StartAsync(EmulatorHarness.Token));
        Assert.False(emulator.IsRunning);
    }
}
