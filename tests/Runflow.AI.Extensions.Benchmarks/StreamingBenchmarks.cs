using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// One streamed reply of 40 chunks over loopback HTTP, read to the end. No tools are offered: Runflow's client serves
/// a stream that offers tools from the chat endpoint, so it would not stream; OpenAI gets the same request for fairness.
/// </summary>
[MemoryDiagnoser(displayGenColumns: false)]
public class StreamingBenchmarks
{
    private StreamingRig _rig = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rig = new StreamingRig(BenchmarkStub.LocalEndpoint, paced: true);
        BenchmarkCheck.Raw(nameof(RawHttpClient), _rig.Raw, _rig.Uri, _rig.Body, [.. CannedReplies.RunflowStreamChunks.SelectMany(chunk => chunk)]);
        BenchmarkCheck.Stream(nameof(RunflowChatClient), _rig.Runflow, BenchmarkConversation.TextOnly);
        BenchmarkCheck.Stream(nameof(OpenAIChatClient), _rig.OpenAI, BenchmarkConversation.TextOnly);
        BenchmarkWarmup.Once(nameof(StreamingBenchmarks), RawHttpClient, RunflowChatClient, OpenAIChatClient);
    }

    [GlobalCleanup]
    public void Cleanup() => _rig.Dispose();

    /// <summary>The floor: the Runflow client's request bytes POSTed raw, the chunked reply read to its end in 4 KB reads.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> RawHttpClient() => BenchmarkHttp.PostAsync(_rig.Raw, _rig.Uri, _rig.Body);

    [Benchmark]
    public Task<int> RunflowChatClient() => CountUpdatesAsync(_rig.Runflow);

    [Benchmark]
    public Task<int> OpenAIChatClient() => CountUpdatesAsync(_rig.OpenAI);

    private static async Task<int> CountUpdatesAsync(IChatClient client)
    {
        var count = 0;
        await foreach (var update in client.GetStreamingResponseAsync(BenchmarkConversation.Messages, BenchmarkConversation.TextOnly).ConfigureAwait(false))
        {
            count += update.Contents.Count;
        }

        return count;
    }
}
