using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>A paced stream whose headers come after the ServiceDefaults' 10 s attempt timeout and whose last chunk comes
/// after its 30 s total timeout.</summary>
public sealed class RunflowServiceDefaultsStreamingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.LongTest)]
    public async Task GetStreamingResponseAsync_StreamTakes45sUnderServiceDefaults_EveryChunkArrives()
    {
        string[] chunks = ["One ", "two ", "three ", "four ", "five ", "six ", "seven ", "eight ", "nine ", "ten."];
        await using var emulator = new RunflowEmulator(new RunflowEmulatorOptions { StreamChunkDelay = TimeSpan.FromSeconds(3) });
        await emulator.StartAsync(Token);
        emulator.Enqueue(new RunflowEmulatorReply { StreamChunks = chunks, HeadersDelay = TimeSpan.FromSeconds(15) });
        await using var provider = ServiceDefaultsServices.Build(emulator.Endpoint);
        var clock = Stopwatch.StartNew();
        var arrivals = new List<TimeSpan>();
        var text = new System.Text.StringBuilder();

        await foreach (var update in provider.GetRequiredService<IChatClient>().GetStreamingResponseAsync("Count to ten.", cancellationToken: Token))
        {
            if (update.Text.Length > 0)
            {
                arrivals.Add(clock.Elapsed);
                text.Append(update.Text);
            }
        }

        Assert.Equal(string.Concat(chunks), text.ToString());
        Assert.True(arrivals[0] >= TimeSpan.FromSeconds(15), $"first text after {arrivals[0]}, before the headers were due");
        Assert.True(arrivals[^1] >= TimeSpan.FromSeconds(42), $"last text after {arrivals[^1]}: the stream was not paced");
    }
}
