using System.Buffers;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// Time to the first piece of a streamed reply: from the call until the first text is in the caller's hands; then the
/// stream is abandoned. The floor stops at the first bytes a raw read returns.
/// </summary>
/// <remarks>The stub sends the first piece alone and the other 39 together a millisecond later
/// (<see cref="BenchmarkStub.FirstPieceEndpoint"/>), so each row's first read finds one piece and an abandoned reply
/// leaves its connection one write to drain. A reply paced piece by piece to its end (<see cref="StreamPacer"/>) kept the
/// connection draining a round trip per piece for about half a millisecond, on the cores the next calls were measured
/// on, and that drain made most of each call's time. No pacing is needed, so the stub may serve from its own process.</remarks>
[MemoryDiagnoser(displayGenColumns: false)]
public class TimeToFirstUpdateBenchmarks
{
    private StreamingRig _rig = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rig = new StreamingRig(BenchmarkStub.FirstPieceEndpoint, paced: false);
        if (RawHttpClient().GetAwaiter().GetResult() == 0 || RunflowChatClient().GetAwaiter().GetResult() == 0 || OpenAIChatClient().GetAwaiter().GetResult() == 0)
        {
            throw new InvalidOperationException("A row got no first piece.");
        }

        BenchmarkWarmup.Once(nameof(TimeToFirstUpdateBenchmarks), RawHttpClient, RunflowChatClient, OpenAIChatClient);
    }

    [GlobalCleanup]
    public void Cleanup() => _rig.Dispose();

    /// <summary>The floor: the raw POST, stopped at the first bytes of the body.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> RawHttpClient()
    {
        using var request = BenchmarkHttp.CreateRequest(_rig.Uri, _rig.Body);
        using var response = await _rig.Raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                return await stream.ReadAsync(buffer.AsMemory(0, 4096)).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    [Benchmark]
    public Task<int> RunflowChatClient() => FirstTextAsync(_rig.Runflow);

    [Benchmark]
    public Task<int> OpenAIChatClient() => FirstTextAsync(_rig.OpenAI);

    private static async Task<int> FirstTextAsync(IChatClient client)
    {
        await foreach (var update in client.GetStreamingResponseAsync(BenchmarkConversation.Messages, BenchmarkConversation.TextOnly).ConfigureAwait(false))
        {
            if (update.Text.Length > 0)
            {
                return update.Text.Length;
            }
        }

        return 0;
    }
}
