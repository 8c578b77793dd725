using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests.Hostile;

/// <summary>
/// Bodies and stream events larger than their limits end in a <see cref="RunflowException"/> naming the limit, with
/// memory bounded by a small multiple of it. Alone in their collection, so the process-wide measurements are theirs.
/// </summary>
[Collection(nameof(RunflowBodyLimitTests))]
[CollectionDefinition(nameof(RunflowBodyLimitTests), DisableParallelization = true)]
public sealed class RunflowBodyLimitTests
{
    private const long MiB = 1024 * 1024;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.Test)]
    public async Task JsonBody_JustOverOneGibibyteChunked_StopsAtTheLimitWithBoundedMemory()
    {
        // A JSON text that never ends, sent without a Content-Length: only the limit can stop it.
        await using var server = await HostileServer.StartAsync(context => Endless(context, "application/json", "{\"text\":\"", (byte)'a', 1025 * MiB), Token);
        using var client = HostileClients.Chat(server.Endpoint);

        var (error, allocated, peakWorkingSet) = await MeasureAsync(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("larger than 67108864 bytes (RunflowClientOptions.MaxResponseBodySize)", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 3 * 64 * MiB, $"reading up to the 64 MiB limit allocated {allocated / MiB} MiB");
        TestContext.Current.TestOutputHelper?.WriteLine($"1 GiB JSON body: allocated {allocated / MiB} MiB, working set rose by at most {peakWorkingSet / MiB} MiB");
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task JsonBody_DeclaredLargerThanTheLimit_FailsBeforeReading()
    {
        await using var server = await HostileServer.StartAsync(
            async context =>
            {
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = 2L * 1024 * MiB;
                await context.Response.WriteAsync("{\"text\":\"", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            },
            Token);
        using var client = HostileClients.Chat(server.Endpoint, o => o.MaxResponseBodySize = 1024);

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("larger than 1024 bytes (RunflowClientOptions.MaxResponseBodySize)", error.Message, StringComparison.Ordinal);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(0, true)]
    [InlineData(-1, false)]
    public async Task JsonBody_AtTheLimitIsRead_OneByteOverIsRefused(int slack, bool read)
    {
        const string Body = """{"text":"exactly at the limit"}""";
        await using var server = await HostileServer.StartAsync(HostileClients.Answer(200, Body), Token);
        using var client = HostileClients.Chat(server.Endpoint, o => o.MaxResponseBodySize = Body.Length + slack);

        var error = await Record.ExceptionAsync(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        if (read)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains("(RunflowClientOptions.MaxResponseBodySize)", Assert.IsType<RunflowException>(error).Message, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task EventStream_DataLineWithoutEnd_StopsAtTheEventLimitWithBoundedMemory()
    {
        // 200 MB of one data: line, trickled so the stream is never idle.
        await using var server = await HostileServer.StartAsync(context => Endless(context, "text/event-stream", "data: ", (byte)'x', 200 * MiB), Token);
        using var client = HostileClients.Chat(server.Endpoint);

        var (error, allocated, peakWorkingSet) = await MeasureAsync(() => client.GetStreamingResponseAsync("Hi", cancellationToken: Token).ToListAsync(Token).AsTask());

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("larger than 1048576 characters (RunflowClientOptions.MaxStreamEventSize)", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 32 * MiB, $"reading up to the 1 MiB event limit allocated {allocated / MiB} MiB");
        TestContext.Current.TestOutputHelper?.WriteLine($"200 MB SSE line: allocated {allocated / MiB} MiB, working set rose by at most {peakWorkingSet / MiB} MiB");
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task EventStream_DataLinesWithoutABlankLine_StopAtTheEventLimit()
    {
        await using var server = await HostileServer.StartAsync(
            async context =>
            {
                context.Response.ContentType = "text/event-stream";
                var line = Encoding.UTF8.GetBytes("data: " + new string('y', 1000) + "\n");
                for (var i = 0; i < 100_000 && !context.RequestAborted.IsCancellationRequested; i++)
                {
                    await context.Response.Body.WriteAsync(line, context.RequestAborted);
                }
            },
            Token);
        using var client = HostileClients.Chat(server.Endpoint, o => o.MaxStreamEventSize = 64 * 1024);

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetStreamingResponseAsync("Hi", cancellationToken: Token).ToListAsync(Token).AsTask());

        Assert.Contains("larger than 65536 characters (RunflowClientOptions.MaxStreamEventSize)", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Writes a prefix, then one byte repeated in 64 KiB writes until the length or the client leaves.</summary>
    private static async Task Endless(HttpContext context, string contentType, string prefix, byte filler, long length)
    {
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(prefix, context.RequestAborted);
        var block = new byte[64 * 1024];
        Array.Fill(block, filler);
        try
        {
            for (long sent = 0; sent < length; sent += block.Length)
            {
                await context.Response.Body.WriteAsync(block, context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The client stopped reading, as it should.
        }
    }

    /// <summary>Runs a call that must fail, measuring what it allocated and the highest working set seen meanwhile.</summary>
    private static async Task<(RunflowException Error, long Allocated, long PeakWorkingSet)> MeasureAsync(Func<Task> call)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = Environment.WorkingSet;
        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Environment.WorkingSet);
                await Task.Delay(5, CancellationToken.None);
            }
        }, CancellationToken.None);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RunflowException>(call);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        sampling.Cancel();
        await sampler;
        TestContext.Current.TestOutputHelper?.WriteLine($"failed after {clock.ElapsedMilliseconds} ms");
        return (error, allocated, peak - baseline);
    }
}
