using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>
/// Every fault the emulator can inject, against a client registered with <c>AddRunflowResilience</c>, with its exact
/// outcome. docs/reliability.md holds the same table.
/// </summary>
public sealed class RunflowFaultTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>One row: the fault, whether the call streams, and what the caller sees.</summary>
    public sealed record Fault(
        string Name,
        Func<RunflowEmulatorReply> Reply,
        bool Streaming,
        HttpStatusCode? Status,
        string? MessageFragment,
        Type? InnerException,
        int Requests)
    {
        public override string ToString() => Name;
    }

    private const string Reply = "A reply long enough to be cut in the middle of its JSON body.";

    private static readonly Fault[] Table =
    [
        new Fault("400 bad request", () => Status(400, "messages is required."), false, HttpStatusCode.BadRequest, "messages is required.", null, 1),
        new Fault("401 unauthorized", () => Status(401, "Invalid API key."), false, HttpStatusCode.Unauthorized, "Invalid API key.", null, 1),
        new Fault("403 forbidden", () => Status(403, "Project is disabled."), false, HttpStatusCode.Forbidden, "Project is disabled.", null, 1),
        new Fault("404 not found", () => Status(404, "No such route."), false, HttpStatusCode.NotFound, "No such route.", null, 1),
        new Fault("408 request timeout", () => Status(408, "Timed out."), false, null, null, null, 2),
        new Fault("429 with Retry-After", () => RunflowEmulatorReply.TooManyRequests(TimeSpan.FromSeconds(1)), false, null, null, null, 2),
        new Fault("500 internal error", RunflowEmulatorReply.InternalServerError, false, null, null, null, 2),
        new Fault("502 bad gateway", () => Status(502, "Upstream failed."), false, null, null, null, 2),
        new Fault("503 unavailable", RunflowEmulatorReply.ServiceUnavailable, false, null, null, null, 2),
        new Fault("200 malformed JSON", RunflowEmulatorReply.MalformedJson, false, HttpStatusCode.OK, "not a chat response", typeof(System.Text.Json.JsonException), 1),
        new Fault("200 truncated JSON", () => RunflowEmulatorReply.FromRawBody("{\"text\":\"Hel"), false, HttpStatusCode.OK, "not a chat response", typeof(System.Text.Json.JsonException), 1),
        new Fault("200 empty body", () => RunflowEmulatorReply.FromRawBody(string.Empty), false, HttpStatusCode.OK, "not a chat response", typeof(System.Text.Json.JsonException), 1),
        new Fault("200 non-JSON body", () => RunflowEmulatorReply.FromRawBody("Hello there", "text/plain"), false, HttpStatusCode.OK, "(text/plain)", typeof(System.Text.Json.JsonException), 1),
        new Fault("200 unexpected content type", () => RunflowEmulatorReply.FromRawBody("<html>maintenance</html>", "text/html"), false, HttpStatusCode.OK, "(text/html)", typeof(System.Text.Json.JsonException), 1),
        new Fault("slow first byte", () => RunflowEmulatorReply.SlowFirstByte(TimeSpan.FromSeconds(15)), false, null, null, null, 2),
        new Fault("stalled stream", () => new RunflowEmulatorReply { Text = Reply, Fault = RunflowEmulatorFault.StalledStream, FaultAfterBytes = 10 }, true, null, "StreamIdleTimeout", typeof(TimeoutException), 1),
        new Fault("dropped mid-JSON", () => new RunflowEmulatorReply { Text = Reply, Fault = RunflowEmulatorFault.DroppedConnection, FaultAfterBytes = 20 }, false, null, "failed", typeof(IOException), 1),
        new Fault("dropped mid-stream", () => new RunflowEmulatorReply { Text = Reply, Fault = RunflowEmulatorFault.DroppedConnection, FaultAfterBytes = 20 }, true, null, "stream broke", typeof(IOException), 1),
        new Fault("closed before headers", RunflowEmulatorReply.CloseBeforeHeaders, false, null, null, null, 2),
    ];

    public static TheoryData<string> Faults => [.. Table.Select(f => f.Name)];

    private static RunflowEmulatorReply Status(int status, string error) => new() { StatusCode = status, Error = error };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(Faults))]
    public async Task Fault_WithResilience_HasItsDocumentedOutcome(string name)
    {
        var fault = Table.Single(f => f.Name == name);
        await using var emulator = new RunflowEmulator();
        await emulator.StartAsync(Token);
        emulator.Enqueue(fault.Reply());
        var services = new ServiceCollection();
        services.AddRunflowChatClient(o =>
        {
            o.Endpoint = emulator.Endpoint;
            o.ApiKey = "rf_test_fault_key";
            o.ProjectId = "proj_faults";
            o.Provider = "openai";
            o.DefaultModelId = "gpt-4o";
            o.StreamIdleTimeout = TimeSpan.FromSeconds(2);
        });
        services.AddRunflowResilience(configure: r =>
        {
            r.Retry.Delay = TimeSpan.FromMilliseconds(10);
            r.Retry.MaxRetryAttempts = 1;
            r.AttemptTimeout.Timeout = TimeSpan.FromSeconds(6);
            r.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(20);
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();
        var clock = Stopwatch.StartNew();

        Exception? error = null;
        string? text = null;
        try
        {
            text = fault.Streaming
                ? string.Concat(await client.GetStreamingResponseAsync("Hello faults", cancellationToken: Token).Select(u => u.Text).ToListAsync(Token))
                : (await client.GetResponseAsync("Hello faults", cancellationToken: Token)).Text;
        }
        catch (Exception ex)
        {
            error = ex;
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"took {clock.Elapsed}");
        Assert.Equal(fault.Requests, emulator.Requests.Count);
        if (fault.MessageFragment is null && fault.Status is null && fault.InnerException is null)
        {
            Assert.Null(error);
            Assert.Contains("Hello faults", text);
            return;
        }

        var runflow = Assert.IsType<RunflowException>(error);
        Assert.Equal(fault.Status, runflow.StatusCode);
        Assert.Contains(fault.MessageFragment!, runflow.Message, StringComparison.Ordinal);
        if (fault.InnerException is { } inner)
        {
            Assert.IsAssignableFrom(inner, runflow.InnerException);
        }

        Assert.DoesNotContain("rf_test_fault_key", runflow.ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Fault_RetryAfterTwoSeconds_IsWaitedOnTheClockThenRetried()
    {
        await using var emulator = new RunflowEmulator();
        await emulator.StartAsync(Token);
        emulator.Enqueue(RunflowEmulatorReply.TooManyRequests(TimeSpan.FromSeconds(2)));
        var time = new TimerTrackingTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddRunflowChatClient(o => { o.Endpoint = emulator.Endpoint; o.ApiKey = "k"; o.ProjectId = "p"; o.Provider = "openai"; o.DefaultModelId = "m"; });
        services.AddRunflowResilience();
        await using var provider = services.BuildServiceProvider();
        var call = provider.GetRequiredService<IChatClient>().GetResponseAsync("after the wait", cancellationToken: Token);

        // The clock moves only once the retry's 2 s delay exists on it, which also shows the wait runs on this clock,
        // not the real one; advancing earlier would skip nothing.
        TrackedTimer retryDelay = await time.WhenScheduledAsync(TimeSpan.FromSeconds(2)).WaitAsync(TestBounds.Event, Token);
        time.Advance(TimeSpan.FromMilliseconds(1900));
        Assert.False(retryDelay.HasFired, "the retry came before Retry-After had passed");
        Assert.Single(emulator.Requests);

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(retryDelay.HasFired, "the retry did not come when Retry-After had passed");
        var response = await call.WaitAsync(TestBounds.Event, Token);

        Assert.Contains("after the wait", response.Text);
        Assert.Equal(2, emulator.Requests.Count);
        Assert.Equal(429, emulator.Requests[0].StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Fault_RetriesExhausted_EndsWithTheLastStatus()
    {
        await using var emulator = new RunflowEmulator();
        await emulator.StartAsync(Token);
        for (var i = 0; i < 4; i++)
        {
            emulator.Enqueue(RunflowEmulatorReply.ServiceUnavailable());
        }

        var services = new ServiceCollection();
        services.AddRunflowChatClient(o => { o.Endpoint = emulator.Endpoint; o.ApiKey = "k"; o.ProjectId = "p"; o.Provider = "openai"; o.DefaultModelId = "m"; });
        services.AddRunflowResilience(configure: r => r.Retry.Delay = TimeSpan.FromMilliseconds(10));
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<RunflowException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(4, emulator.Requests.Count);
    }
}
