using System.Diagnostics;
using System.Net;
using System.Text;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>Streaming over real loopback HTTP: chunking, timing, memory, cancellation and failures.</summary>
[Collection(nameof(RunflowChatClientStreamingTests))]
[CollectionDefinition(nameof(RunflowChatClientStreamingTests), DisableParallelization = true)]
public sealed class RunflowChatClientStreamingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_MultiByteCharactersSplitAcrossChunks_ArriveWhole()
    {
        const string text = "Olá, café € 😀 𝄞 中文!";
        await using var session = await EmulatorSession.StartAsync(
            new RunflowEmulatorOptions { StreamChunkSize = 1, AllowSplitInsideCharacter = true, StreamChunkDelay = TimeSpan.FromMilliseconds(5) }, cancellationToken: Token);
        session.Emulator.Enqueue(RunflowEmulatorReply.FromText(text));

        var updates = await session.Client.GetStreamingResponseAsync("Hi", cancellationToken: Token).ToListAsync(Token);

        Assert.Equal(text, string.Concat(updates.Select(u => u.Text)));
        Assert.True(updates.Count > 10);
        Assert.DoesNotContain(updates, u => u.Text.Contains('\uFFFD'));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_FirstUpdate_ArrivesBeforeTheServerHasFinished()
    {
        await using var session = await EmulatorSession.StartAsync(
            new RunflowEmulatorOptions { StreamChunkDelay = TimeSpan.FromMilliseconds(300) }, cancellationToken: Token);
        session.Emulator.Enqueue(new RunflowEmulatorReply { StreamChunks = ["one ", "two ", "three ", "four ", "five ", "six"] });
        var clock = Stopwatch.StartNew();
        var arrivals = new List<TimeSpan>();

        await foreach (var update in session.Client.GetStreamingResponseAsync("Hi", cancellationToken: Token))
        {
            if (update.Text.Length > 0)
            {
                arrivals.Add(clock.Elapsed);
            }
        }

        Assert.Equal(6, arrivals.Count);

        // Five pauses of 300 ms separate the chunks: the first must be in hand long before the last is sent.
        Assert.True(arrivals[^1] - arrivals[0] >= TimeSpan.FromMilliseconds(1200), $"first {arrivals[0]}, last {arrivals[^1]}");
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_OneMegabyteInSmallChunks_IsNeverBufferedWhole()
    {
        var text = string.Concat(Enumerable.Repeat("0123456789abcdefghijklmnopqrstuvwxyz ", 28_340))[..1_048_576];
        await using var session = await EmulatorSession.StartAsync(new RunflowEmulatorOptions { StreamChunkSize = 512 }, cancellationToken: Token);
        session.Emulator.Enqueue(RunflowEmulatorReply.FromText(text));
        var received = 0;
        var updates = 0;
        var largest = 0;
        var check = new StringBuilder();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var totalBefore = GC.GetTotalAllocatedBytes(precise: true);
        await foreach (var update in session.Client.GetStreamingResponseAsync("Hi", cancellationToken: Token))
        {
            var piece = update.Text;
            received += piece.Length;
            largest = Math.Max(largest, piece.Length);
            updates++;
            if (check.Length < 100)
            {
                check.Append(piece);
            }
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - totalBefore;
        Assert.Equal(text.Length, received);
        Assert.StartsWith(check.ToString()[..50], text);
        Assert.True(updates > 256, $"{updates} updates");
        Assert.True(largest <= 4096, $"largest update {largest} chars");

        // The text itself is 2 MB as UTF-16; everything else the client adds stays within a few MB, whatever the length.
        Assert.True(allocated < 24L * 1024 * 1024, $"{allocated:N0} bytes allocated (thread said {GC.GetAllocatedBytesForCurrentThread() - before:N0})");
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_CancelledBeforeHeaders_ThrowsPromptly()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        session.Emulator.Enqueue(RunflowEmulatorReply.SlowFirstByte(TimeSpan.FromSeconds(20)));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cts.CancelAfter(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => session.Client.GetStreamingResponseAsync("Hi", cancellationToken: cts.Token).ToListAsync(cts.Token).AsTask());

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}, not long before the 20 s delay");
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_CancelledMidStream_ThrowsAndReleasesTheConnection()
    {
        await using var session = await EmulatorSession.StartAsync(
            new RunflowEmulatorOptions { StreamChunkDelay = TimeSpan.FromMilliseconds(100) }, cancellationToken: Token);
        session.Emulator.Enqueue(new RunflowEmulatorReply { StreamChunks = [.. Enumerable.Range(0, 200).Select(i => $"w{i} ")] });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in session.Client.GetStreamingResponseAsync("Hi", cancellationToken: cts.Token))
            {
                if (++received == 3)
                {
                    cts.Cancel();
                }
            }
        });

        // The connection went back to the pool or was closed: the next call on the same client works at once.
        var next = await session.Client.GetResponseAsync("again", cancellationToken: Token);
        Assert.Contains("again", next.Text);
        Assert.InRange(received, 3, 4);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_CancelledWhileTheConsumerIsSlow_Throws()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        session.Emulator.Enqueue(new RunflowEmulatorReply { StreamChunks = ["a", "b", "c", "d"] });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in session.Client.GetStreamingResponseAsync("Hi", cancellationToken: cts.Token))
            {
                // The caller cancels from elsewhere while this consumer is busy with the update, not inside a read.
                await Task.Run(cts.Cancel, Token);
            }
        });
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_StalledStream_FailsWithTheIdleTimeout()
    {
        await using var session = await EmulatorSession.StartAsync(
            configure: o => o.StreamIdleTimeout = TimeSpan.FromMilliseconds(500), cancellationToken: Token);
        session.Emulator.Enqueue(new RunflowEmulatorReply { Text = "This stream will stall halfway through.", Fault = RunflowEmulatorFault.StalledStream, FaultAfterBytes = 10 });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RunflowException>(() => session.Client.GetStreamingResponseAsync("Hi", cancellationToken: Token).ToListAsync(Token).AsTask());

        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Contains("StreamIdleTimeout", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_LongHealthyStream_OutlivesTheNetworkTimeout()
    {
        await using var session = await EmulatorSession.StartAsync(
            new RunflowEmulatorOptions { StreamChunkDelay = TimeSpan.FromMilliseconds(400) },
            o => { o.NetworkTimeout = TimeSpan.FromSeconds(2); o.StreamIdleTimeout = TimeSpan.FromSeconds(5); },
            Token);
        session.Emulator.Enqueue(new RunflowEmulatorReply { StreamChunks = [.. Enumerable.Range(0, 10).Select(i => $"{i} ")] });

        var text = string.Concat(await session.Client.GetStreamingResponseAsync("Hi", cancellationToken: Token).Select(u => u.Text).ToListAsync(Token));

        Assert.Equal("0 1 2 3 4 5 6 7 8 9 ", text);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_ConnectionDroppedMidStream_FailsInsteadOfEndingCleanly()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        session.Emulator.Enqueue(new RunflowEmulatorReply { Text = "A reply that never reaches its end.", Fault = RunflowEmulatorFault.DroppedConnection, FaultAfterBytes = 12 });
        var received = new StringBuilder();

        var error = await Assert.ThrowsAsync<RunflowException>(async () =>
        {
            await foreach (var update in session.Client.GetStreamingResponseAsync("Hi", cancellationToken: Token))
            {
                received.Append(update.Text);
            }
        });

        Assert.Null(error.StatusCode);
        Assert.True(received.Length < "A reply that never reaches its end.".Length);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_ErrorBeforeTheStream_ThrowsTheSameRunflowException()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        session.Emulator.Enqueue(RunflowEmulatorReply.TooManyRequests(TimeSpan.FromSeconds(3)));

        var error = await Assert.ThrowsAsync<RunflowException>(() => session.Client.GetStreamingResponseAsync("Hi", cancellationToken: Token).ToListAsync(Token).AsTask());

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_FunctionInvocationLoop_RunsTheToolAndStreamsTheAnswer()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        var calls = 0;
        var client = session.Client.AsBuilder().UseFunctionInvocation().Build();
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create((string city) => { calls++; return $"{city}: 21C"; }, "get_weather")] };

        var updates = await client.GetStreamingResponseAsync("Use get_weather for city: Lisbon", options, Token).ToListAsync(Token);
        var response = updates.ToChatResponse();

        Assert.Equal(1, calls);
        Assert.Contains("Lisbon: 21C", response.Text);
        Assert.Equal(2, session.Emulator.Requests.Count);
        Assert.All(session.Emulator.Requests, r => Assert.False(r.IsStreaming));
        Assert.Contains(response.Messages, m => m.Contents.OfType<FunctionCallContent>().Any());
    }
}
