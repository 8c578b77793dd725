using System.Text;
using Microsoft.Extensions.AI;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>The chat client against the emulator in process: an HttpClient over <see cref="RunflowEmulator.CreateHandler"/>, no port.</summary>
public sealed class RunflowChatClientInProcessTests
{
    private const string ApiKey = "rf_in_process_key";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_InProcess_AnswersWithoutAPort()
    {
        await using var emulator = new RunflowEmulator(new RunflowEmulatorOptions { InProcess = true, ApiKeys = { ApiKey } });
        await emulator.StartAsync(Token);
        using var http = new HttpClient(emulator.CreateHandler());
        using var client = new RunflowChatClient(Options(emulator), http);

        ChatResponse response = await client.GetResponseAsync("hello there", cancellationToken: Token);

        Assert.Equal("You said: \"hello there\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", response.Text);
        Assert.Equal(new Uri("http://localhost/"), emulator.Endpoint);
        RunflowEmulatorRequest recorded = Assert.Single(emulator.Requests);
        Assert.Equal("/api/v1/runtime/v1/chat", recorded.Path);
        Assert.Equal(RunflowEmulatorRequest.RedactedValue, recorded.Headers["x-api-key"]);
        Assert.Equal("req_000001", recorded.RequestId);
        Assert.Equal(200, recorded.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_InProcess_ArrivesWhole()
    {
        const string text = "Olá, café € 😀 in process";
        await using var emulator = new RunflowEmulator(new RunflowEmulatorOptions { InProcess = true, StreamChunkSize = 3 });
        await emulator.StartAsync(Token);
        emulator.Enqueue(RunflowEmulatorReply.FromText(text));
        using var http = new HttpClient(emulator.CreateHandler());
        using var client = new RunflowChatClient(Options(emulator), http);

        var received = new StringBuilder();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("stream it", cancellationToken: Token))
        {
            received.Append(update.Text);
        }

        Assert.Equal(text, received.ToString());
        Assert.True(Assert.Single(emulator.Requests).IsStreaming);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_InProcessStalledStream_DeliversTheFirstBytesBeforeTheEnd()
    {
        await using var emulator = new RunflowEmulator(new RunflowEmulatorOptions { InProcess = true, StreamChunkSize = 4 });
        await emulator.StartAsync(Token);
        emulator.Enqueue(RunflowEmulatorReply.StalledStream(bytesBeforeStall: 8));
        using var http = new HttpClient(emulator.CreateHandler());
        using var client = new RunflowChatClient(Options(emulator), http);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);

        // The answer never ends: only bytes the emulator flushed on their own can reach the client, which then gives up.
        var received = new StringBuilder();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("stream it", cancellationToken: cancellation.Token))
            {
                received.Append(update.Text);
                if (received.Length >= 8)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal("You said", received.ToString());
        Assert.Equal(RunflowEmulatorFault.StalledStream, Assert.Single(emulator.Requests).Fault);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_InProcessWrongKey_ThrowsWithTheEmulatorsError()
    {
        await using var emulator = new RunflowEmulator(new RunflowEmulatorOptions { InProcess = true, ApiKeys = { "another_key" } });
        await emulator.StartAsync(Token);
        using var http = new HttpClient(emulator.CreateHandler());
        using var client = new RunflowChatClient(Options(emulator), http);

        RunflowException ex = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("hi", cancellationToken: Token));

        Assert.Equal(401, (int?)ex.StatusCode);
        Assert.Contains("Invalid API key.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task CreateHandler_InProcessOverBodyBound_Returns413()
    {
        await using var emulator = new RunflowEmulator(new RunflowEmulatorOptions { InProcess = true, MaxRequestBodySize = 16 });
        await emulator.StartAsync(Token);
        using var http = new HttpClient(emulator.CreateHandler()) { BaseAddress = emulator.Endpoint };

        using HttpResponseMessage response = await http.PostAsync("api/v1/runtime/v1/chat", new StringContent(new string('x', 17), Encoding.UTF8, "application/json"), Token);

        Assert.Equal(413, (int)response.StatusCode);
        Assert.Equal(
            """{"success":false,"error":"The request body is larger than 16 bytes, the most the emulator accepts."}""",
            await response.Content.ReadAsStringAsync(Token));
        Assert.Equal(string.Empty, Assert.Single(emulator.Requests).Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task CreateHandler_NotRunning_Throws()
    {
        await using var emulator = new RunflowEmulator(new RunflowEmulatorOptions { InProcess = true });

        Assert.Throws<InvalidOperationException>(() => emulator.CreateHandler());
        await emulator.StartAsync(Token);
        await emulator.StopAsync(Token);
        Assert.Throws<InvalidOperationException>(() => emulator.CreateHandler());
    }

    private static RunflowClientOptions Options(RunflowEmulator emulator) => new()
    {
        Endpoint = emulator.Endpoint,
        ApiKey = ApiKey,
        TenantId = "tenant_in_process",
        ProjectId = "proj_in_process",
        Provider = "openai",
        DefaultModelId = "gpt-4o",
        NetworkTimeout = TimeSpan.FromSeconds(30),
        StreamIdleTimeout = TimeSpan.FromSeconds(30),
    };
}
