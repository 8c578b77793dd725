using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

public sealed class RunflowEmulatorLifecycleTests
{
    [Fact(Timeout = TestBounds.Test)]
    public async Task StartAsync_DefaultOptions_ListensOnAFreeLoopbackPortWithATrailingSlash()
    {
        await using var emulator = new RunflowEmulator();

        await emulator.StartAsync(EmulatorHarness.Token);

        Assert.True(emulator.IsRunning);
        Assert.Equal("127.0.0.1", emulator.Endpoint.Host);
        Assert.Equal("http", emulator.Endpoint.Scheme);
        Assert.True(emulator.Endpoint.Port > 0);
        Assert.EndsWith("/", emulator.Endpoint.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task StartAsync_ConfiguredPort_ListensOnIt()
    {
        int port = FreePort();
        await using var emulator = new RunflowEmulator(new RunflowEmulatorOptions { Port = port });

        await emulator.StartAsync(EmulatorHarness.Token);

        Assert.Equal(new Uri($"http://127.0.0.1:{port}/"), emulator.Endpoint);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task StartAsync_CustomPaths_ServeTheModelThere()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { ChatPath = "/v2/chat/", StreamPath = "v2/stream" });

        using HttpResponseMessage chat = await harness.PostAsync("v2/chat", EmulatorHarness.Request("hi").ToJsonString());
        using HttpResponseMessage stream = await harness.PostAsync("v2/stream", EmulatorHarness.Request("hi").ToJsonString());
        using HttpResponseMessage old = await harness.PostAsync(EmulatorHarness.ChatPath, EmulatorHarness.Request("hi").ToJsonString());

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal("You said: \"hi\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", JsonNode.Parse(await chat.Content.ReadAsStringAsync(EmulatorHarness.Token))!["text"]!.GetValue<string>());
        Assert.Equal("You said: \"hi\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", await stream.Content.ReadAsStringAsync(EmulatorHarness.Token));
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Fact]
    public void Endpoint_BeforeStart_Throws()
    {
        var emulator = new RunflowEmulator();

        Assert.False(emulator.IsRunning);
        Assert.Throws<InvalidOperationException>(() => emulator.Endpoint);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task StartAsync_Twice_Throws()
    {
        await using var emulator = new RunflowEmulator();
        await emulator.StartAsync(EmulatorHarness.Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => emulator.StartAsync(EmulatorHarness.Token));
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(-1, 16, 0)]
    [InlineData(70000, 16, 0)]
    [InlineData(0, 0, 0)]
    [InlineData(0, 16, 1.5)]
    [InlineData(0, 16, -0.1)]
    public async Task StartAsync_OptionOutOfRange_Throws(int port, int chunkSize, double faultRate)
    {
        await using var emulator = new RunflowEmulator(new RunflowEmulatorOptions { Port = port, StreamChunkSize = chunkSize, FaultRate = faultRate });

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => emulator.StartAsync(EmulatorHarness.Token));
        Assert.False(emulator.IsRunning);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task StopAsync_ThenStartAgain_ServesOnANewPortAndKeepsTheRecord()
    {
        await using var emulator = new RunflowEmulator();
        await emulator.StartAsync(EmulatorHarness.Token);
        Uri first = emulator.Endpoint;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await PostAsync(http, first);

        await emulator.StopAsync(EmulatorHarness.Token);
        Assert.False(emulator.IsRunning);
        await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(http, first));

        await emulator.StartAsync(EmulatorHarness.Token);
        using HttpResponseMessage response = await PostAsync(http, emulator.Endpoint);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, emulator.Requests.Count);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task DisposeAsync_NeverStarted_DoesNothing()
    {
        var emulator = new RunflowEmulator();

        await emulator.DisposeAsync();
        await emulator.StopAsync(EmulatorHarness.Token);

        Assert.False(emulator.IsRunning);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Requests_ConcurrentCalls_AreAllAnsweredAndRecorded()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject[] replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => harness.ChatAsync(EmulatorHarness.Request($"message {i}"))));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"You said: \"message {i}\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)"), replies.Select(r => r["text"]!.GetValue<string>()));
        Assert.Equal(20, harness.Emulator.Requests.Count);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task LoggerFactory_Set_LogsEachAnswerButNeverTheKey()
    {
        var provider = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { LoggerFactory = loggerFactory });
        harness.Emulator.Enqueue(RunflowEmulatorReply.ServiceUnavailable());

        using HttpResponseMessage failed = await harness.PostChatAsync(EmulatorHarness.Request("x"));
        using HttpResponseMessage ok = await harness.PostAsync(EmulatorHarness.ChatPath, EmulatorHarness.Request("x").ToJsonString(), EmulatorHarness.ApiKey, "Authorization");

        await provider.WhenLoggedAsync("listening on " + harness.Emulator.Endpoint);
        await provider.WhenLoggedAsync("POST /api/v1/runtime/v1/chat answered 503 (fault: ServiceUnavailable)");
        await provider.WhenLoggedAsync("POST /api/v1/runtime/v1/chat answered 200 (fault: None)");
        Assert.DoesNotContain(provider.Messages, m => m.Contains(EmulatorHarness.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_NullOptions_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new RunflowEmulator(null!));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri endpoint)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, EmulatorHarness.ChatPath))
        {
            Content = new StringContent(EmulatorHarness.Request("hi").ToJsonString()),
        };
        message.Headers.Add("x-api-key", EmulatorHarness.ApiKey);
        return await http.SendAsync(message, EmulatorHarness.Token);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
