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
    private HttpClient _raw = null!;
    private Uri _uri = null!;
    private byte[] _body = null!;
    private IChatClient _runflow = null!;
    private IChatClient _openAI = null!;

    [GlobalSetup]
    public void Setup()
    {
        var endpoint = BenchmarkStub.Endpoint;
        _raw = BenchmarkHttp.CreatePacedClient();
        _uri = BenchmarkStub.RunflowStream;
        _runflow = BenchmarkClients.CreateRunflow(endpoint, BenchmarkHttp.CreatePacedClient());
        _openAI = BenchmarkClients.CreateOpenAI(endpoint, BenchmarkHttp.CreatePacedClient());
        _body = BenchmarkClients.RecordRunflowBodies(endpoint, handler: null, functionInvocation: false, BenchmarkConversation.TextOnly)[0];

        BenchmarkCheck.Raw(nameof(RawHttpClient), _raw, _uri, _body, [.. CannedReplies.RunflowStreamChunks.SelectMany(chunk => chunk)]);
        BenchmarkCheck.Stream(nameof(RunflowChatClient), _runflow, BenchmarkConversation.TextOnly);
        BenchmarkCheck.Stream(nameof(OpenAIChatClient), _openAI, BenchmarkConversation.TextOnly);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _runflow.Dispose();
        _openAI.Dispose();
    }

    /// <summary>The floor: the Runflow client's request bytes POSTed raw, the chunked reply read to its end in 4 KB reads.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> RawHttpClient() => BenchmarkHttp.PostAsync(_raw, _uri, _body);

    [Benchmark]
    public Task<int> RunflowChatClient() => CountUpdatesAsync(_runflow);

    [Benchmark]
    public Task<int> OpenAIChatClient() => CountUpdatesAsync(_openAI);

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
