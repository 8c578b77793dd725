using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// 64 callers at once on one shared client, as a server handling many users would: each invocation starts 64
/// non-streaming calls and waits for all of them. Figures are per call (<c>OperationsPerInvoke = 64</c>), so Mean is
/// the inverse of throughput.
/// </summary>
[MemoryDiagnoser(displayGenColumns: false)]
public class ConcurrencyBenchmarks
{
    private const int Callers = 64;

    private HttpClient _raw = null!;
    private Uri _uri = null!;
    private byte[] _body = null!;
    private IChatClient _runflow = null!;
    private IChatClient _openAI = null!;

    [GlobalSetup]
    public void Setup()
    {
        var endpoint = BenchmarkStub.Endpoint;
        _raw = BenchmarkHttp.CreateClient();
        _uri = BenchmarkStub.RunflowChat;
        _runflow = BenchmarkClients.CreateRunflow(endpoint, BenchmarkHttp.CreateClient());
        _openAI = BenchmarkClients.CreateOpenAI(endpoint, BenchmarkHttp.CreateClient());
        _body = BenchmarkClients.RecordRunflowBodies(endpoint, handler: null, functionInvocation: false, BenchmarkConversation.WithTool)[0];

        BenchmarkCheck.Raw(nameof(RawHttpClient), _raw, _uri, _body, CannedReplies.RunflowText);
        Check(nameof(RawHttpClient), RawHttpClientAsync().GetAwaiter().GetResult(), CannedReplies.RunflowText.Length);
        foreach (var (row, client) in new[] { (nameof(RunflowChatClient), _runflow), (nameof(OpenAIChatClient), _openAI) })
        {
            foreach (var response in ManyAsync(client).GetAwaiter().GetResult())
            {
                BenchmarkCheck.Text(row, response.Text);
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _runflow.Dispose();
        _openAI.Dispose();
    }

    /// <summary>The floor: 64 raw POSTs of the Runflow client's request bytes at once.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Callers)]
    public Task<int[]> RawHttpClient() => RawHttpClientAsync();

    [Benchmark(OperationsPerInvoke = Callers)]
    public Task<ChatResponse[]> RunflowChatClient() => ManyAsync(_runflow);

    [Benchmark(OperationsPerInvoke = Callers)]
    public Task<ChatResponse[]> OpenAIChatClient() => ManyAsync(_openAI);

    private static Task<ChatResponse[]> ManyAsync(IChatClient client)
    {
        var calls = new Task<ChatResponse>[Callers];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = client.GetResponseAsync(BenchmarkConversation.Messages, BenchmarkConversation.WithTool);
        }

        return Task.WhenAll(calls);
    }

    private static void Check(string row, int[] lengths, int expected)
    {
        if (lengths.Any(length => length != expected))
        {
            throw new InvalidOperationException($"{row}: a reply was not {expected} bytes long.");
        }
    }

    private Task<int[]> RawHttpClientAsync()
    {
        var calls = new Task<int>[Callers];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = BenchmarkHttp.PostAsync(_raw, _uri, _body);
        }

        return Task.WhenAll(calls);
    }
}
